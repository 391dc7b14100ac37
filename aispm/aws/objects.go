package aws

import (
	"context"
	"fmt"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// s3Object reads one S3 object with ranged GetObject calls.
type s3Object struct {
	ctx         context.Context
	c           *Clients
	bucket, key string
}

func (o *s3Object) ReadAt(p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	out, err := o.c.S3.GetObject(o.ctx, &s3.GetObjectInput{Bucket: aws.String(o.bucket), Key: aws.String(o.key),
		Range: aws.String(fmt.Sprintf("bytes=%d-%d", off, off+int64(len(p))-1))})
	if err != nil {
		return 0, err
	}
	return cloud.ReadRange(out.Body, p)
}

// Objects lists the objects an s3:// URI names that sel keeps: the object
// itself, or those under it as a prefix. Reads go to the bucket's region.
func Objects(ctx context.Context, d *plugin.QueryData, s Settings, region, uri string, sel cloud.Selection) ([]cloud.Object, error) {
	rest, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return nil, fmt.Errorf("not an s3:// URI: %q", uri)
	}
	bucket, key, _ := strings.Cut(rest, "/")
	region, err := bucketRegion(ctx, d, bucketRequest{request: request{settings: s, region: homeRegion(s, region)}, bucket: bucket})
	if err != nil {
		return nil, err
	}
	c, err := clientsCached(ctx, d, request{settings: s, region: region})
	if err != nil {
		return nil, err
	}
	var out []cloud.Object
	p := s3.NewListObjectsV2Paginator(c.S3, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(key)})
	err = pages(ctx, p.HasMorePages, p.NextPage, func(o *s3.ListObjectsV2Output) []s3types.Object { return o.Contents },
		func(obj s3types.Object) bool {
			k := aws.ToString(obj.Key)
			if cloud.UnderPrefix(k, key) && sel.Keep(k) {
				out = append(out, cloud.Object{URI: "s3://" + bucket + "/" + k, Size: aws.ToInt64(obj.Size),
					Reader: &s3Object{ctx: ctx, c: c, bucket: bucket, key: k}})
			}
			return !sel.Full(len(out))
		})
	return out, err
}
