package aws

import (
	"context"
	"fmt"
	"github.com/aispm/aispm/aispm/redact"
	"strings"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker/types"
)

// NameFilter is a name qual pushed down as a Describe call, and a
// creation_time range pushed down as the list's CreationTimeAfter/Before.
type NameFilter struct {
	Name    string
	Created TimeRange
}

// TimeRange bounds a list by creation time; nil bounds are open.
type TimeRange struct{ After, Before *time.Time }

// VPC is a resource's VPC attachment.
type VPC struct {
	Subnets        []string `json:"subnets"`
	SecurityGroups []string `json:"security_groups"`
}

func vpcOf(v *types.VpcConfig) *VPC {
	if v == nil {
		return nil
	}
	return &VPC{Subnets: orEmpty(v.Subnets), SecurityGroups: orEmpty(v.SecurityGroupIds)}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Container is a model container: image and artifacts; environment by name
// only (the values are judged by the redactor, not kept).
type Container struct {
	Image        string   `json:"image,omitempty"`
	ModelDataURL string   `json:"model_data_url,omitempty"`
	Mode         string   `json:"mode,omitempty"`
	EnvNames     []string `json:"env_names"`
}

func containerOf(c *types.ContainerDefinition, findings *[]redact.Finding, where string) *Container {
	if c == nil {
		return nil
	}
	out := &Container{Image: aws.ToString(c.Image), ModelDataURL: aws.ToString(c.ModelDataUrl), Mode: string(c.Mode),
		EnvNames: redact.Env(findings, where+".environment.", c.Environment)}
	if out.ModelDataURL == "" && c.ModelDataSource != nil && c.ModelDataSource.S3DataSource != nil {
		out.ModelDataURL = aws.ToString(c.ModelDataSource.S3DataSource.S3Uri)
	}
	return out
}

// sageMakerTags lists a SageMaker resource's tags.
func (c *Clients) sageMakerTags(ctx context.Context, arn string) (map[string]string, error) {
	return listTags(ctx, c, arn)
}

// SageMakerModel is a SageMaker model: role, containers, isolation, VPC.
type SageMakerModel struct {
	Base
	ExecutionRoleArn       string           `json:"execution_role_arn,omitempty"`
	PrimaryContainer       *Container       `json:"primary_container"`
	Containers             []Container      `json:"containers"`
	EnableNetworkIsolation bool             `json:"enable_network_isolation"`
	VPC                    *VPC             `json:"vpc_config"`
	Secrets                []redact.Finding `json:"secret_findings"`
}

// ListSageMakerModels streams the region's models.
func ListSageMakerModels(ctx context.Context, c *Clients, f NameFilter, emit func(*SageMakerModel) bool) error {
	return getOrList(ctx, f.Name, func(n string) *SageMakerModel { return &SageMakerModel{Base: base(n, "", nil)} },
		func(ctx context.Context, m *SageMakerModel) error { return DescribeSageMakerModel(ctx, c, m) },
		func() error {
			p := sagemaker.NewListModelsPaginator(c.SageMaker, &sagemaker.ListModelsInput{MaxResults: sageMakerPage, CreationTimeAfter: f.Created.After, CreationTimeBefore: f.Created.Before})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *sagemaker.ListModelsOutput) []types.ModelSummary { return o.Models },
				func(s types.ModelSummary) bool {
					return emit(&SageMakerModel{Base: base(aws.ToString(s.ModelName), aws.ToString(s.ModelArn), s.CreationTime)})
				})
		}, emit)
}

// DescribeSageMakerModel fills the model's detail and tags.
func DescribeSageMakerModel(ctx context.Context, c *Clients, m *SageMakerModel) error {
	return detailWithTags(ctx, &m.Base, func(ctx context.Context) error {
		out, err := c.SageMaker.DescribeModel(ctx, &sagemaker.DescribeModelInput{ModelName: aws.String(m.Name)})
		if err != nil {
			return err
		}
		m.Arn, m.CreationTime = aws.ToString(out.ModelArn), out.CreationTime
		m.ExecutionRoleArn = aws.ToString(out.ExecutionRoleArn)
		m.Secrets = []redact.Finding{}
		m.PrimaryContainer = containerOf(out.PrimaryContainer, &m.Secrets, "primary_container")
		m.Containers = []Container{}
		for i := range out.Containers {
			m.Containers = append(m.Containers, *containerOf(&out.Containers[i], &m.Secrets, fmt.Sprintf("containers[%d]", i)))
		}
		if m.PrimaryContainer == nil && len(m.Containers) > 0 {
			m.PrimaryContainer = &m.Containers[0]
		}
		m.EnableNetworkIsolation = aws.ToBool(out.EnableNetworkIsolation)
		m.VPC = vpcOf(out.VpcConfig)
		return nil
	}, c.sageMakerTags)
}

// SageMakerNotebookInstance is a notebook instance with its network and access settings.
type SageMakerNotebookInstance struct {
	Base
	Status               string   `json:"notebook_instance_status"`
	InstanceType         string   `json:"instance_type,omitempty"`
	DirectInternetAccess string   `json:"direct_internet_access,omitempty"`
	RootAccess           string   `json:"root_access,omitempty"`
	SubnetID             string   `json:"subnet_id,omitempty"`
	SecurityGroups       []string `json:"security_groups"`
	KmsKeyID             string   `json:"kms_key_id,omitempty"`
	KmsKeyCMK            *bool    `json:"kms_key_customer_managed"`
	MinimumIMDSVersion   string   `json:"minimum_imds_version,omitempty"`
	PlatformIdentifier   string   `json:"platform_identifier,omitempty"`
	RoleArn              string   `json:"role_arn,omitempty"`
	LifecycleConfigName  string   `json:"lifecycle_config_name,omitempty"`
	URL                  string   `json:"url,omitempty"`
}

// ListSageMakerNotebookInstances streams the region's notebook instances.
func ListSageMakerNotebookInstances(ctx context.Context, c *Clients, f NameFilter, emit func(*SageMakerNotebookInstance) bool) error {
	return getOrList(ctx, f.Name, func(n string) *SageMakerNotebookInstance { return &SageMakerNotebookInstance{Base: base(n, "", nil)} },
		func(ctx context.Context, n *SageMakerNotebookInstance) error {
			return DescribeSageMakerNotebookInstance(ctx, c, n)
		},
		func() error {
			p := sagemaker.NewListNotebookInstancesPaginator(c.SageMaker, &sagemaker.ListNotebookInstancesInput{MaxResults: sageMakerPage, CreationTimeAfter: f.Created.After, CreationTimeBefore: f.Created.Before})
			return pages(ctx, p.HasMorePages, p.NextPage,
				func(o *sagemaker.ListNotebookInstancesOutput) []types.NotebookInstanceSummary {
					return o.NotebookInstances
				},
				func(s types.NotebookInstanceSummary) bool {
					n := &SageMakerNotebookInstance{Base: base(aws.ToString(s.NotebookInstanceName), aws.ToString(s.NotebookInstanceArn), s.CreationTime),
						Status: string(s.NotebookInstanceStatus), InstanceType: string(s.InstanceType), SecurityGroups: []string{},
						LifecycleConfigName: aws.ToString(s.NotebookInstanceLifecycleConfigName), URL: aws.ToString(s.Url)}
					return emit(n)
				})
		}, emit)
}

// DescribeSageMakerNotebookInstance fills the instance's detail and tags.
func DescribeSageMakerNotebookInstance(ctx context.Context, c *Clients, n *SageMakerNotebookInstance) error {
	return detailWithTags(ctx, &n.Base, func(ctx context.Context) error {
		out, err := c.SageMaker.DescribeNotebookInstance(ctx, &sagemaker.DescribeNotebookInstanceInput{NotebookInstanceName: aws.String(n.Name)})
		if err != nil {
			return err
		}
		n.Arn, n.CreationTime = aws.ToString(out.NotebookInstanceArn), out.CreationTime
		n.Status, n.InstanceType = string(out.NotebookInstanceStatus), string(out.InstanceType)
		n.DirectInternetAccess, n.RootAccess = string(out.DirectInternetAccess), string(out.RootAccess)
		n.SubnetID, n.SecurityGroups = aws.ToString(out.SubnetId), orEmpty(out.SecurityGroups)
		n.KmsKeyID, n.RoleArn = aws.ToString(out.KmsKeyId), aws.ToString(out.RoleArn)
		n.PlatformIdentifier = aws.ToString(out.PlatformIdentifier)
		n.LifecycleConfigName, n.URL = aws.ToString(out.NotebookInstanceLifecycleConfigName), aws.ToString(out.Url)
		n.MinimumIMDSVersion = "1" // the API's default when none was chosen
		if m := out.InstanceMetadataServiceConfiguration; m != nil && aws.ToString(m.MinimumInstanceMetadataServiceVersion) != "" {
			n.MinimumIMDSVersion = aws.ToString(m.MinimumInstanceMetadataServiceVersion)
		}
		return nil
	}, c.sageMakerTags)
}

// Unified maps the notebook instance to the provider-neutral shape.
func (n *SageMakerNotebookInstance) Unified() cloud.Row {
	internet := n.DirectInternetAccess != string(types.DirectInternetAccessDisabled)
	return &cloud.Notebook{
		Meta: n.located(), Scope: n.AccountID, ID: n.Arn, Kind: "sagemaker_notebook_instance", Service: SageMaker,
		State: n.Status, InternetAccess: cloud.Ptr(internet), PublicIP: cloud.Ptr(internet),
		RootAccess: cloud.Ptr(n.RootAccess != string(types.RootAccessDisabled)), Identity: n.RoleArn,
		Subnet: n.SubnetID, EncryptionKey: n.KmsKeyID, CustomerManagedKey: n.KmsKeyCMK, CreatedAt: n.CreationTime, Detail: n,
	}
}

// located is the row's Meta with the region as its location (unified rows).
func (b *Base) located() cloud.Meta {
	m := b.Meta
	m.Location = b.Region
	return m
}

// SageMakerLifecycleConfig is a notebook lifecycle configuration with its
// decoded scripts, redacted: user code in which embedded secrets are
// replaced by markers and listed in SecretFindings.
type SageMakerLifecycleConfig struct {
	Base
	OnCreate       []string         `json:"on_create"`
	OnStart        []string         `json:"on_start"`
	SecretFindings []redact.Finding `json:"secret_findings"`
}

// ListSageMakerLifecycleConfigs streams the region's notebook lifecycle configs.
func ListSageMakerLifecycleConfigs(ctx context.Context, c *Clients, f NameFilter, emit func(*SageMakerLifecycleConfig) bool) error {
	return getOrList(ctx, f.Name, func(n string) *SageMakerLifecycleConfig { return &SageMakerLifecycleConfig{Base: base(n, "", nil)} },
		func(ctx context.Context, l *SageMakerLifecycleConfig) error {
			return DescribeSageMakerLifecycleConfig(ctx, c, l)
		},
		func() error {
			p := sagemaker.NewListNotebookInstanceLifecycleConfigsPaginator(c.SageMaker, &sagemaker.ListNotebookInstanceLifecycleConfigsInput{MaxResults: sageMakerPage})
			return pages(ctx, p.HasMorePages, p.NextPage,
				func(o *sagemaker.ListNotebookInstanceLifecycleConfigsOutput) []types.NotebookInstanceLifecycleConfigSummary {
					return o.NotebookInstanceLifecycleConfigs
				},
				func(s types.NotebookInstanceLifecycleConfigSummary) bool {
					return emit(&SageMakerLifecycleConfig{Base: base(aws.ToString(s.NotebookInstanceLifecycleConfigName), aws.ToString(s.NotebookInstanceLifecycleConfigArn), s.CreationTime)})
				})
		}, emit)
}

// DescribeSageMakerLifecycleConfig reads and decodes the scripts (lifecycle
// configs carry no tags).
func DescribeSageMakerLifecycleConfig(ctx context.Context, c *Clients, l *SageMakerLifecycleConfig) error {
	return detailWithTags(ctx, &l.Base, func(ctx context.Context) error {
		out, err := c.SageMaker.DescribeNotebookInstanceLifecycleConfig(ctx, &sagemaker.DescribeNotebookInstanceLifecycleConfigInput{NotebookInstanceLifecycleConfigName: aws.String(l.Name)})
		if err != nil {
			return err
		}
		l.Arn, l.CreationTime = aws.ToString(out.NotebookInstanceLifecycleConfigArn), out.CreationTime
		var onCreate, onStart []string
		for _, h := range out.OnCreate {
			onCreate = append(onCreate, decodeScript(aws.ToString(h.Content)))
		}
		for _, h := range out.OnStart {
			onStart = append(onStart, decodeScript(aws.ToString(h.Content)))
		}
		var created, started []redact.Finding
		l.OnCreate, created = redact.Texts("on_create", onCreate)
		l.OnStart, started = redact.Texts("on_start", onStart)
		l.SecretFindings = append(created, started...)
		return nil
	}, nil)
}

// SageMakerDomain is a SageMaker (Studio) domain.
type SageMakerDomain struct {
	Base
	DomainID             string   `json:"domain_id"`
	Status               string   `json:"status,omitempty"`
	AuthMode             string   `json:"auth_mode,omitempty"`
	AppNetworkAccessType string   `json:"app_network_access_type,omitempty"`
	KmsKeyID             string   `json:"kms_key_id,omitempty"`
	KmsKeyCMK            *bool    `json:"kms_key_customer_managed"`
	VpcID                string   `json:"vpc_id,omitempty"`
	SubnetIDs            []string `json:"subnet_ids"`
	DefaultExecutionRole string   `json:"default_execution_role,omitempty"`
	SecurityGroups       []string `json:"default_security_groups"`
	URL                  string   `json:"url,omitempty"`
}

// ListSageMakerDomains streams the region's domains (a domain_id qual is a Describe).
func ListSageMakerDomains(ctx context.Context, c *Clients, id string, emit func(*SageMakerDomain) bool) error {
	return getOrList(ctx, id, func(id string) *SageMakerDomain { return &SageMakerDomain{Base: base("", "", nil), DomainID: id} },
		func(ctx context.Context, d *SageMakerDomain) error { return DescribeSageMakerDomain(ctx, c, d) },
		func() error {
			p := sagemaker.NewListDomainsPaginator(c.SageMaker, &sagemaker.ListDomainsInput{MaxResults: sageMakerPage})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *sagemaker.ListDomainsOutput) []types.DomainDetails { return o.Domains },
				func(s types.DomainDetails) bool {
					return emit(&SageMakerDomain{Base: base(aws.ToString(s.DomainName), aws.ToString(s.DomainArn), s.CreationTime),
						DomainID: aws.ToString(s.DomainId), Status: string(s.Status), URL: aws.ToString(s.Url), SubnetIDs: []string{}, SecurityGroups: []string{}})
				})
		}, emit)
}

// DescribeSageMakerDomain fills the domain's detail and tags.
func DescribeSageMakerDomain(ctx context.Context, c *Clients, d *SageMakerDomain) error {
	return detailWithTags(ctx, &d.Base, func(ctx context.Context) error {
		out, err := c.SageMaker.DescribeDomain(ctx, &sagemaker.DescribeDomainInput{DomainId: aws.String(d.DomainID)})
		if err != nil {
			return err
		}
		d.Name, d.Title, d.Arn, d.CreationTime = aws.ToString(out.DomainName), aws.ToString(out.DomainName), aws.ToString(out.DomainArn), out.CreationTime
		d.Status, d.AuthMode, d.AppNetworkAccessType = string(out.Status), string(out.AuthMode), string(out.AppNetworkAccessType)
		d.KmsKeyID, d.VpcID, d.SubnetIDs, d.URL = aws.ToString(out.KmsKeyId), aws.ToString(out.VpcId), orEmpty(out.SubnetIds), aws.ToString(out.Url)
		d.SecurityGroups = []string{}
		if u := out.DefaultUserSettings; u != nil {
			d.DefaultExecutionRole, d.SecurityGroups = aws.ToString(u.ExecutionRole), orEmpty(u.SecurityGroups)
		}
		return nil
	}, c.sageMakerTags)
}

// Unified maps the domain to the provider-neutral notebook shape.
func (d *SageMakerDomain) Unified() cloud.Row {
	internet := d.AppNetworkAccessType != string(types.AppNetworkAccessTypeVpcOnly)
	return &cloud.Notebook{
		Meta: d.located(), Scope: d.AccountID, ID: d.Arn, Kind: "sagemaker_domain", Service: SageMaker,
		State: d.Status, InternetAccess: cloud.Ptr(internet), Identity: d.DefaultExecutionRole,
		Network: d.VpcID, Subnet: strings.Join(d.SubnetIDs, ","), EncryptionKey: d.KmsKeyID, CustomerManagedKey: d.KmsKeyCMK, CreatedAt: d.CreationTime, Detail: d,
	}
}

// TrainingChannel is one input channel of a training job.
type TrainingChannel struct {
	Name  string `json:"name"`
	S3URI string `json:"s3_uri,omitempty"`
}

// SageMakerTrainingJob is a training job: data in, artifacts out, isolation.
type SageMakerTrainingJob struct {
	Base
	Status                   string            `json:"training_job_status"`
	RoleArn                  string            `json:"role_arn,omitempty"`
	InputChannels            []TrainingChannel `json:"input_data_channels"`
	OutputPath               string            `json:"output_s3_path,omitempty"`
	OutputKmsKeyID           string            `json:"output_kms_key_id,omitempty"`
	OutputKeyCMK             *bool             `json:"output_kms_key_customer_managed"`
	VolumeKmsKeyID           string            `json:"volume_kms_key_id,omitempty"`
	VolumeKeyCMK             *bool             `json:"volume_kms_key_customer_managed"`
	ModelArtifacts           string            `json:"model_artifacts,omitempty"`
	TrainingImage            string            `json:"training_image,omitempty"`
	EnableNetworkIsolation   bool              `json:"enable_network_isolation"`
	InterContainerEncryption bool              `json:"inter_container_traffic_encryption"`
	VPC                      *VPC              `json:"vpc_config"`
	EnvNames                 []string          `json:"environment_names"`
	Secrets                  []redact.Finding  `json:"secret_findings"`
}

// TrainingJobFilter pushes a name (Describe), a status (StatusEquals) and a
// creation_time range down.
type TrainingJobFilter struct {
	Name    string
	Status  string
	Created TimeRange
}

// ListSageMakerTrainingJobs streams the region's training jobs.
func ListSageMakerTrainingJobs(ctx context.Context, c *Clients, f TrainingJobFilter, emit func(*SageMakerTrainingJob) bool) error {
	return getOrList(ctx, f.Name, func(n string) *SageMakerTrainingJob { return &SageMakerTrainingJob{Base: base(n, "", nil)} },
		func(ctx context.Context, j *SageMakerTrainingJob) error {
			return DescribeSageMakerTrainingJob(ctx, c, j)
		},
		func() error {
			in := &sagemaker.ListTrainingJobsInput{MaxResults: sageMakerPage, CreationTimeAfter: f.Created.After, CreationTimeBefore: f.Created.Before}
			if f.Status != "" {
				in.StatusEquals = types.TrainingJobStatus(f.Status)
			}
			p := sagemaker.NewListTrainingJobsPaginator(c.SageMaker, in)
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *sagemaker.ListTrainingJobsOutput) []types.TrainingJobSummary { return o.TrainingJobSummaries },
				func(s types.TrainingJobSummary) bool {
					return emit(&SageMakerTrainingJob{Base: base(aws.ToString(s.TrainingJobName), aws.ToString(s.TrainingJobArn), s.CreationTime),
						Status: string(s.TrainingJobStatus)})
				})
		}, emit)
}

// DescribeSageMakerTrainingJob fills the job's detail and tags.
func DescribeSageMakerTrainingJob(ctx context.Context, c *Clients, j *SageMakerTrainingJob) error {
	return detailWithTags(ctx, &j.Base, func(ctx context.Context) error {
		out, err := c.SageMaker.DescribeTrainingJob(ctx, &sagemaker.DescribeTrainingJobInput{TrainingJobName: aws.String(j.Name)})
		if err != nil {
			return err
		}
		j.Arn, j.CreationTime, j.Status = aws.ToString(out.TrainingJobArn), out.CreationTime, string(out.TrainingJobStatus)
		j.RoleArn = aws.ToString(out.RoleArn)
		j.InputChannels = []TrainingChannel{}
		for _, ch := range out.InputDataConfig {
			tc := TrainingChannel{Name: aws.ToString(ch.ChannelName)}
			if ch.DataSource != nil && ch.DataSource.S3DataSource != nil {
				tc.S3URI = aws.ToString(ch.DataSource.S3DataSource.S3Uri)
			}
			j.InputChannels = append(j.InputChannels, tc)
		}
		if o := out.OutputDataConfig; o != nil {
			j.OutputPath, j.OutputKmsKeyID = aws.ToString(o.S3OutputPath), aws.ToString(o.KmsKeyId)
		}
		if r := out.ResourceConfig; r != nil {
			j.VolumeKmsKeyID = aws.ToString(r.VolumeKmsKeyId)
		}
		if m := out.ModelArtifacts; m != nil {
			j.ModelArtifacts = aws.ToString(m.S3ModelArtifacts)
		}
		if a := out.AlgorithmSpecification; a != nil {
			j.TrainingImage = aws.ToString(a.TrainingImage)
		}
		j.EnableNetworkIsolation = aws.ToBool(out.EnableNetworkIsolation)
		j.InterContainerEncryption = aws.ToBool(out.EnableInterContainerTrafficEncryption)
		j.VPC = vpcOf(out.VpcConfig)
		j.Secrets = []redact.Finding{}
		j.EnvNames = redact.Env(&j.Secrets, "environment.", out.Environment)
		redact.Env(&j.Secrets, "hyperparameters.", out.HyperParameters)
		return nil
	}, c.sageMakerTags)
}

// DataUses are the S3 locations the job trained on, one row per channel.
func (j *SageMakerTrainingJob) DataUses() []*cloud.Dataset {
	var out []*cloud.Dataset
	for _, ch := range j.InputChannels {
		out = append(out, j.dataUse("sagemaker_training_channel:"+ch.Name, ch.S3URI, j.VolumeKmsKeyID, j.VolumeKeyCMK, SageMaker, j.RoleArn, j))
	}
	return out
}

// dataUse is one aispm_dataset row for data this resource uses.
func (b *Base) dataUse(kind, uri, key string, cmk *bool, service, identity string, detail any) *cloud.Dataset {
	id := uri
	if id == "" {
		id = b.Arn
	}
	return &cloud.Dataset{Meta: b.located(), Scope: b.AccountID, ID: id, Kind: kind, Service: service, UsedBy: b.Arn, Identity: identity,
		URI: uri, EncryptionKey: key, CustomerManagedKey: cmk, PublicMembers: []string{}, CreatedAt: b.CreationTime, Detail: detail}
}

// SageMakerModelPackage is a model package (a model registry version).
type SageMakerModelPackage struct {
	Base
	GroupName      string `json:"model_package_group_name,omitempty"`
	Version        int32  `json:"model_package_version"`
	Status         string `json:"model_package_status,omitempty"`
	ApprovalStatus string `json:"model_approval_status,omitempty"`
	// ApprovalDescription and LastModifiedTime say whether the approval was
	// a later review; ApprovedAtRegistration is true when the package was
	// registered already Approved and never modified since.
	ApprovalDescription    string           `json:"approval_description,omitempty"`
	LastModifiedTime       *time.Time       `json:"last_modified_time,omitempty"`
	ApprovedAtRegistration *bool            `json:"approved_at_registration"`
	ModelDataURLs          []string         `json:"model_data_urls"`
	Images                 []string         `json:"images"`
	KmsKeyID               string           `json:"kms_key_id,omitempty"`
	KmsKeyCMK              *bool            `json:"kms_key_customer_managed"`
	SourceURI              string           `json:"source_uri,omitempty"`
	Secrets                []redact.Finding `json:"secret_findings"`
}

// ListSageMakerModelPackages streams the region's model packages, versioned
// and unversioned; an arn qual is a Describe.
func ListSageMakerModelPackages(ctx context.Context, c *Clients, arn string, emit func(*SageMakerModelPackage) bool) error {
	return getOrList(ctx, arn, func(a string) *SageMakerModelPackage { return &SageMakerModelPackage{Base: base("", a, nil)} },
		func(ctx context.Context, m *SageMakerModelPackage) error {
			return DescribeSageMakerModelPackage(ctx, c, m)
		},
		func() error {
			p := sagemaker.NewListModelPackagesPaginator(c.SageMaker, &sagemaker.ListModelPackagesInput{MaxResults: sageMakerPage, ModelPackageType: types.ModelPackageTypeBoth})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *sagemaker.ListModelPackagesOutput) []types.ModelPackageSummary {
				return o.ModelPackageSummaryList
			},
				func(s types.ModelPackageSummary) bool {
					m := &SageMakerModelPackage{Base: base(packageName(aws.ToString(s.ModelPackageName), aws.ToString(s.ModelPackageGroupName), aws.ToInt32(s.ModelPackageVersion)), aws.ToString(s.ModelPackageArn), s.CreationTime),
						GroupName: aws.ToString(s.ModelPackageGroupName), Version: aws.ToInt32(s.ModelPackageVersion),
						Status: string(s.ModelPackageStatus), ApprovalStatus: string(s.ModelApprovalStatus)}
					return emit(m)
				})
		}, emit)
}

// packageName names a versioned package group/version.
func packageName(name, group string, version int32) string {
	if name != "" && group == "" {
		return name
	}
	return group + "/" + itoa(version)
}

// DescribeSageMakerModelPackage fills the package's detail and tags.
func DescribeSageMakerModelPackage(ctx context.Context, c *Clients, m *SageMakerModelPackage) error {
	return detailWithTags(ctx, &m.Base, func(ctx context.Context) error {
		out, err := c.SageMaker.DescribeModelPackage(ctx, &sagemaker.DescribeModelPackageInput{ModelPackageName: aws.String(m.Arn)})
		if err != nil {
			return err
		}
		m.Arn, m.CreationTime = aws.ToString(out.ModelPackageArn), out.CreationTime
		m.GroupName, m.Version = aws.ToString(out.ModelPackageGroupName), aws.ToInt32(out.ModelPackageVersion)
		m.Name = packageName(aws.ToString(out.ModelPackageName), m.GroupName, m.Version)
		m.Title = m.Name
		m.Status, m.ApprovalStatus = string(out.ModelPackageStatus), string(out.ModelApprovalStatus)
		m.ApprovalDescription, m.LastModifiedTime = aws.ToString(out.ApprovalDescription), out.LastModifiedTime
		m.ApprovedAtRegistration = cloud.Ptr(out.ModelApprovalStatus == types.ModelApprovalStatusApproved &&
			(out.LastModifiedTime == nil || out.CreationTime == nil || !out.LastModifiedTime.After(*out.CreationTime)))
		m.ModelDataURLs, m.Images = []string{}, []string{}
		m.Secrets = []redact.Finding{}
		if spec := out.InferenceSpecification; spec != nil {
			for i, ct := range spec.Containers {
				redact.Env(&m.Secrets, fmt.Sprintf("containers[%d].environment.", i), ct.Environment)
				u := aws.ToString(ct.ModelDataUrl)
				if u == "" && ct.ModelDataSource != nil && ct.ModelDataSource.S3DataSource != nil {
					u = aws.ToString(ct.ModelDataSource.S3DataSource.S3Uri)
				}
				if u != "" {
					m.ModelDataURLs = append(m.ModelDataURLs, u)
				}
				m.Images = append(m.Images, aws.ToString(ct.Image))
			}
		}
		if sc := out.SecurityConfig; sc != nil {
			m.KmsKeyID = aws.ToString(sc.KmsKeyId)
		}
		m.SourceURI = aws.ToString(out.SourceUri)
		return nil
	}, c.sageMakerTags)
}

// Unified maps the model to the provider-neutral shape. An inference
// pipeline's every container has its artifact: all of them are listed (and
// scanned), the primary one first.
func (m *SageMakerModel) Unified() cloud.Row {
	r := &cloud.Model{Meta: m.located(), Scope: m.AccountID, ID: m.Arn, Kind: "sagemaker_model", Service: SageMaker,
		ArtifactURIs: []string{}, DeployedTo: []string{}, CreatedAt: m.CreationTime, Detail: m}
	if pc := m.PrimaryContainer; pc != nil {
		r.ArtifactURI, r.ContainerImage = pc.ModelDataURL, pc.Image
	}
	r.ArtifactURIs = containerArtifacts(m.Containers) // Normalize puts ArtifactURI first
	return r
}

func containerArtifacts(cs []Container) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ModelDataURL)
	}
	return out
}

// Unified maps the package to the provider-neutral model shape.
func (m *SageMakerModelPackage) Unified() cloud.Row {
	r := &cloud.Model{Meta: m.located(), Scope: m.AccountID, ID: m.Arn, Kind: "sagemaker_model_package", Service: SageMaker,
		Version: itoa(m.Version), Source: m.GroupName, EncryptionKey: m.KmsKeyID, CustomerManagedKey: m.KmsKeyCMK,
		ArtifactURIs: append([]string{}, m.ModelDataURLs...), DeployedTo: []string{}, CreatedAt: m.CreationTime, Detail: m}
	if len(m.Images) > 0 {
		r.ContainerImage = m.Images[0]
	}
	return r
}
