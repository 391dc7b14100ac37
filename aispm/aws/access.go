package aws

import (
	"context"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// S3Access is what IAM itself says a principal may do with the objects at
// one S3 location (its identity-based policies and permission boundary; the
// bucket policy is not part of the simulation).
type S3Access struct {
	Principal, URI  string
	Read, Write     bool
	ReadBy, WriteBy []string // the policies whose statements allowed it
}

// objectsARN is the ARN of the objects an s3:// URI names: a prefix's
// objects (bucket/prefix/*) or one object (bucket/key).
func objectsARN(uri string) string {
	rest := strings.TrimPrefix(uri, "s3://")
	if !strings.Contains(rest, "/") || strings.HasSuffix(rest, "/") {
		return "arn:aws:s3:::" + strings.TrimSuffix(rest, "/") + "/*"
	}
	return "arn:aws:s3:::" + rest
}

type accessRequest struct {
	request
	principal string
	uris      string // sorted, space-separated
}

// SimulateS3Access asks IAM (iam:SimulatePrincipalPolicy, a read-only
// evaluation) whether a role or user may read (s3:GetObject) and write
// (s3:PutObject) the objects at each s3:// location: one simulation per
// principal covering every location, memoized per connection.
func SimulateS3Access(ctx context.Context, d *plugin.QueryData, s Settings, principal string, uris []string) ([]S3Access, error) {
	u := slices.Clone(uris)
	slices.Sort(u)
	return simulatedAccess(ctx, d, accessRequest{request: request{settings: s, region: Global}, principal: principal, uris: strings.Join(slices.Compact(u), " ")})
}

var simulatedAccess = cloud.Memo(
	func(r accessRequest) string { return "aws/s3-access/" + r.principal + "/" + r.uris },
	func(ctx context.Context, d *plugin.QueryData, r accessRequest) ([]S3Access, error) {
		c, err := clientsCached(ctx, d, r.request)
		if err != nil {
			return nil, err
		}
		uris := strings.Fields(r.uris)
		byARN := map[string]*S3Access{}
		var arns []string
		for _, u := range uris {
			byARN[objectsARN(u)] = &S3Access{Principal: r.principal, URI: u}
			arns = append(arns, objectsARN(u))
		}
		in := &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(r.principal),
			ActionNames: []string{"s3:GetObject", "s3:PutObject"}, ResourceArns: arns, MaxItems: aws.Int32(1000)}
		p := iam.NewSimulatePrincipalPolicyPaginator(c.IAM, in)
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, res := range out.EvaluationResults {
				a := byARN[aws.ToString(res.EvalResourceName)]
				if a == nil || res.EvalDecision != types.PolicyEvaluationDecisionTypeAllowed {
					continue
				}
				var by []string
				for _, st := range res.MatchedStatements {
					if id := aws.ToString(st.SourcePolicyId); id != "" && !slices.Contains(by, id) {
						by = append(by, id)
					}
				}
				switch aws.ToString(res.EvalActionName) {
				case "s3:GetObject":
					a.Read, a.ReadBy = true, by
				case "s3:PutObject":
					a.Write, a.WriteBy = true, by
				}
			}
		}
		out := make([]S3Access, 0, len(uris))
		for _, u := range uris {
			out = append(out, *byARN[objectsARN(u)])
		}
		return out, nil
	})
