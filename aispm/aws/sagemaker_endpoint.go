package aws

import (
	"context"
	"net/url"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker/types"
	"golang.org/x/sync/errgroup"
)

// SageMakerEndpoint is a SageMaker endpoint joined with its endpoint config.
// Fields below Detailed come from DescribeEndpoint, DescribeEndpointConfig and
// ListTags, fetched only when a query asks for them.
type SageMakerEndpoint struct {
	cloud.Meta
	Arn                string     `json:"arn"`
	Status             string     `json:"endpoint_status"`
	EndpointConfigName string     `json:"endpoint_config_name,omitempty"`
	CreationTime       *time.Time `json:"creation_time,omitempty"`
	LastModifiedTime   *time.Time `json:"last_modified_time,omitempty"`

	Detailed           bool                `json:"-"`
	FailureReason      string              `json:"failure_reason,omitempty"`
	KmsKeyID           string              `json:"kms_key_id,omitempty"`
	KmsKeyCMK          *bool               `json:"kms_key_customer_managed"`
	ProductionVariants []ProductionVariant `json:"production_variants"`
	DataCapture        *DataCapture        `json:"data_capture"`
}

// ProductionVariant is one variant of an endpoint config, with the live instance count.
type ProductionVariant struct {
	VariantName          string  `json:"variant_name"`
	ModelName            string  `json:"model_name,omitempty"`
	InstanceType         string  `json:"instance_type,omitempty"`
	InitialInstanceCount int32   `json:"initial_instance_count"`
	CurrentInstanceCount int32   `json:"current_instance_count"`
	InitialVariantWeight float32 `json:"initial_variant_weight"`
	Serverless           bool    `json:"serverless"`
}

// DataCapture is an endpoint config's data capture (request/response logging) setting.
type DataCapture struct {
	Enabled            bool   `json:"enabled"`
	DestinationS3URI   string `json:"destination_s3_uri,omitempty"`
	KmsKeyID           string `json:"kms_key_id,omitempty"`
	KmsKeyCMK          *bool  `json:"kms_key_customer_managed"`
	SamplingPercentage int32  `json:"sampling_percentage"`
}

// EndpointFilter carries the filters pushed down to the API.
type EndpointFilter struct {
	Name    string    // DescribeEndpoint instead of a list
	Status  string    // ListEndpoints StatusEquals
	Created TimeRange // ListEndpoints CreationTimeAfter/Before
}

// ListSageMakerEndpoints streams the region's endpoints to emit until it returns false.
func ListSageMakerEndpoints(ctx context.Context, c *Clients, f EndpointFilter, emit func(*SageMakerEndpoint) bool) error {
	if f.Name != "" {
		e := &SageMakerEndpoint{Meta: cloud.Meta{Name: f.Name}}
		found, err := DescribeSageMakerEndpoint(ctx, c, e)
		if err != nil || !found || (f.Status != "" && e.Status != f.Status) {
			return err
		}
		emit(e)
		return nil
	}
	in := &sagemaker.ListEndpointsInput{MaxResults: sageMakerPage, CreationTimeAfter: f.Created.After, CreationTimeBefore: f.Created.Before}
	if f.Status != "" {
		in.StatusEquals = types.EndpointStatus(f.Status)
	}
	p := sagemaker.NewListEndpointsPaginator(c.SageMaker, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.Endpoints {
			e := &SageMakerEndpoint{
				Meta:             cloud.Meta{Name: aws.ToString(s.EndpointName), Akas: []string{aws.ToString(s.EndpointArn)}},
				Arn:              aws.ToString(s.EndpointArn),
				Status:           string(s.EndpointStatus),
				CreationTime:     s.CreationTime,
				LastModifiedTime: s.LastModifiedTime,
			}
			if !emit(e) {
				return nil
			}
		}
	}
	return nil
}

// DescribeSageMakerEndpoint fills e's detail from DescribeEndpoint, its
// endpoint config and its tags. It reports false when the endpoint does not exist.
func DescribeSageMakerEndpoint(ctx context.Context, c *Clients, e *SageMakerEndpoint) (bool, error) {
	if e.Detailed {
		return true, nil
	}
	out, err := c.SageMaker.DescribeEndpoint(ctx, &sagemaker.DescribeEndpointInput{EndpointName: aws.String(e.Name)})
	if err != nil {
		// SageMaker answers a missing endpoint with ValidationException.
		if c := cloud.Classify(err); c == cloud.ClassInvalid || c == cloud.ClassNotFound {
			return false, nil
		}
		return false, err
	}
	e.Arn = aws.ToString(out.EndpointArn)
	e.Akas = []string{e.Arn}
	e.Status = string(out.EndpointStatus)
	e.EndpointConfigName = aws.ToString(out.EndpointConfigName)
	e.CreationTime, e.LastModifiedTime = out.CreationTime, out.LastModifiedTime
	e.FailureReason = aws.ToString(out.FailureReason)
	live := map[string]int32{}
	for _, v := range out.ProductionVariants {
		live[aws.ToString(v.VariantName)] = aws.ToInt32(v.CurrentInstanceCount)
	}

	var g errgroup.Group
	var cfg *sagemaker.DescribeEndpointConfigOutput
	var tags map[string]string
	g.Go(func() (err error) {
		cfg, err = c.SageMaker.DescribeEndpointConfig(ctx, &sagemaker.DescribeEndpointConfigInput{EndpointConfigName: out.EndpointConfigName})
		return err
	})
	g.Go(func() (err error) {
		tags, err = listTags(ctx, c, e.Arn)
		return err
	})
	if err := g.Wait(); err != nil {
		return false, err
	}
	e.Tags = tags
	e.KmsKeyID = aws.ToString(cfg.KmsKeyId)
	e.ProductionVariants = make([]ProductionVariant, 0, len(cfg.ProductionVariants))
	for _, v := range cfg.ProductionVariants {
		name := aws.ToString(v.VariantName)
		e.ProductionVariants = append(e.ProductionVariants, ProductionVariant{
			VariantName:          name,
			ModelName:            aws.ToString(v.ModelName),
			InstanceType:         string(v.InstanceType),
			InitialInstanceCount: aws.ToInt32(v.InitialInstanceCount),
			CurrentInstanceCount: live[name],
			InitialVariantWeight: aws.ToFloat32(v.InitialVariantWeight),
			Serverless:           v.ServerlessConfig != nil,
		})
	}
	e.DataCapture = &DataCapture{}
	if dc := cfg.DataCaptureConfig; dc != nil {
		e.DataCapture = &DataCapture{
			Enabled:            aws.ToBool(dc.EnableCapture),
			DestinationS3URI:   aws.ToString(dc.DestinationS3Uri),
			KmsKeyID:           aws.ToString(dc.KmsKeyId),
			SamplingPercentage: aws.ToInt32(dc.InitialSamplingPercentage),
		}
	}
	e.Detailed = true
	return true, nil
}

func listTags(ctx context.Context, c *Clients, arn string) (map[string]string, error) {
	tags := map[string]string{}
	p := sagemaker.NewListTagsPaginator(c.SageMaker, &sagemaker.ListTagsInput{MaxResults: sageMakerPage, ResourceArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return tags, nil
}

// Unified maps the endpoint to the provider-neutral shape. It needs the detail.
func (e *SageMakerEndpoint) Unified() *cloud.Endpoint {
	models := make([]string, 0, len(e.ProductionVariants))
	for _, v := range e.ProductionVariants {
		if v.ModelName != "" {
			models = append(models, v.ModelName)
		}
	}
	host := "runtime.sagemaker." + e.Region + ".amazonaws.com"
	u := &url.URL{Scheme: "https", Host: host, Path: "/endpoints/" + e.Name + "/invocations"}
	meta := e.Meta
	meta.Location = e.Region
	return (&cloud.Endpoint{
		Meta:    meta,
		Scope:   e.AccountID,
		ID:      e.Arn,
		Kind:    "sagemaker_endpoint",
		Service: SageMaker,
		URL:     u.String(),
		Host:    host,
		// The runtime API is reachable from the internet and authenticated with IAM (SigV4).
		PublicNetworkAccess: cloud.Ptr(true),
		PrivateEndpoint:     nil,
		EncryptionKey:       e.KmsKeyID,
		CustomerManagedKey:  e.KmsKeyCMK,
		LoggingEnabled:      cloud.Ptr(e.DataCapture != nil && e.DataCapture.Enabled),
		Models:              models,
		CreatedAt:           e.CreationTime,
		Detail:              e,
	}).Authed("iam")

}
