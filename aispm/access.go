package aispm

import (
	"context"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/aws"
	"github.com/aispm/aispm/aispm/azure"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/gcp"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// The access edges of the attack graph, as each cloud's own policies
// evaluate them (cloud.Relationships joins them into the graph).

// maxSimulatedPrincipals bounds the AWS principals whose S3 access one graph
// asks IAM about.
const maxSimulatedPrincipals = 200

// evaluatedAccess asks the clouds what the graph's identities may do with
// its data: on AWS, IAM policy simulation for every role and user of the
// connection's account that an AI resource runs as, against every S3 data
// location in the graph, and the principals each bucket's policy grants; on
// Azure, the role assignments at or above each container; on GCP, Policy
// Analyzer or the bucket's and project's IAM policies. An evaluation that
// fails is logged and its edges are left out.
func evaluatedAccess(ctx context.Context, d *plugin.QueryData, s *Settings, rows []cloud.Row) []cloud.Access {
	return slices.Concat(awsAccess(ctx, d, s, rows), azureAccess(ctx, d, s, rows), gcpAccess(ctx, d, s, rows))
}

// azureAccess reads who may read and write each blob data location from the
// role assignments at or above its container, each role's definition
// deciding (blob data actions, or the account keys while Shared Key is
// allowed). Principals are the ids managed identities carry.
func azureAccess(ctx context.Context, d *plugin.QueryData, s *Settings, rows []cloud.Row) []cloud.Access {
	if !s.Enabled(cloud.Azure) {
		return nil
	}
	var out []cloud.Access
	for _, ds := range dataLocations(rows, "https://") {
		e, ok := ds.Storage.(*azure.StorageExposure)
		if !ok || e.Err != nil {
			continue // not Azure storage, or its exposure error is on the dataset row
		}
		roles := azure.ContainerAccess(ctx, d, s.Azure, e)
		if roles.Err != nil {
			plugin.Logger(ctx).Warn("aispm_relationship: role assignments could not all be read; their access edges are missing", "location", ds.URI, "error", roles.Err)
		}
		for _, a := range roles.Access {
			ev := "role assignment: " + a.Role + " at " + a.Scope + cloud.Parenthesized(a.PrincipalType) +
				note(a.ByKeys, "; it may list the account keys, and the account allows Shared Key authorization") +
				note(a.Conditional, "; under an ABAC condition")
			out = append(out, grant(ds, a.PrincipalID, a.Read, a.Write, ev))
		}
	}
	return out
}

// gcpAccess reads who may read and write each Cloud Storage data location:
// Policy Analyzer where the Cloud Asset API answers (every policy at or
// below the data's project, custom roles resolved), else the bucket's IAM
// policy (read once per bucket for the exposure columns) with the project's.
// allUsers and allAuthenticatedUsers are the internet.
func gcpAccess(ctx context.Context, d *plugin.QueryData, s *Settings, rows []cloud.Row) []cloud.Access {
	if !s.Enabled(cloud.GCP) {
		return nil
	}
	var out []cloud.Access
	for _, ds := range dataLocations(rows, "gs://") {
		e, _, err := gcp.BucketExposure(ctx, d, s.GCP, ds.URI)
		if err != nil || e == nil || e.Err != nil {
			continue // the exposure error is on the dataset row
		}
		a := gcp.ObjectAccessOf(ctx, d, s.GCP, ds.Project, e)
		if a.AnalyzerErr != nil {
			plugin.Logger(ctx).Info("aispm_relationship: Policy Analyzer did not answer; reading the bucket's and the project's IAM policies", "location", ds.URI, "error", a.AnalyzerErr)
		}
		if a.Err != nil {
			plugin.Logger(ctx).Warn("aispm_relationship: the project's IAM policy could not be read; its access edges are missing", "location", ds.URI, "error", a.Err)
		}
		for _, g := range a.Grants {
			ev := "bucket IAM policy: " + g.Member + " holds " + g.Role
			switch {
			case a.Method == "policy_analyzer":
				ev = "Policy Analyzer (cloudasset analyzeIamPolicy): " + g.Member + " holds " + g.Role + " on " + g.Resource
			case strings.HasPrefix(g.Resource, "//cloudresourcemanager."):
				ev = "project IAM policy: " + g.Member + " holds " + g.Role
			}
			out = append(out, grant(ds, gcp.Principal(g.Member), g.Read, g.Write, ev+note(g.Conditional, " under an IAM condition")))
		}
	}
	return out
}

// awsAccess: IAM policy simulation and bucket policies (see evaluatedAccess).
func awsAccess(ctx context.Context, d *plugin.QueryData, s *Settings, rows []cloud.Row) []cloud.Access {
	if !s.Enabled(cloud.AWS) {
		return nil
	}
	principals, locations := map[string]cloud.Meta{}, map[string]bool{}
	var order []string
	note := func(m cloud.Meta, id string) {
		if strings.HasPrefix(id, "arn:aws") && strings.Contains(id, ":iam::") && (strings.Contains(id, ":role/") || strings.Contains(id, ":user/")) {
			if _, ok := principals[id]; !ok && len(order) < maxSimulatedPrincipals {
				principals[id] = m
				order = append(order, id)
			}
		}
	}
	for _, r := range rows {
		switch x := r.(type) {
		case *cloud.Notebook:
			note(x.Meta, x.Identity)
		case *cloud.Agent:
			note(x.Meta, x.Identity)
		case *cloud.Dataset:
			note(x.Meta, x.Identity)
			if strings.HasPrefix(x.URI, "s3://") {
				locations[x.URI] = true
			}
		}
	}
	out := bucketPolicyAccess(ctx, d, s, rows)
	if len(order) == 0 || len(locations) == 0 {
		return out
	}
	uris := make([]string, 0, len(locations))
	for u := range locations {
		uris = append(uris, u)
	}
	for _, p := range order {
		m := principals[p]
		results, err := aws.SimulateS3Access(ctx, d, s.AWS, p, uris)
		if err != nil {
			plugin.Logger(ctx).Warn("aispm_relationship: IAM policy simulation failed; its access edges are missing", "principal", p, "error", err)
			continue
		}
		for _, a := range results {
			if !a.Read && !a.Write {
				continue
			}
			by := append(slices.Clone(a.ReadBy), a.WriteBy...)
			slices.Sort(by)
			ev := "iam:SimulatePrincipalPolicy allows " + allowed(a.Read, a.Write)
			if by = slices.Compact(by); len(by) > 0 {
				ev += " (" + strings.Join(by, ", ") + ")"
			}
			out = append(out, cloud.Access{Meta: m, Scope: m.AccountID, Principal: p, Target: a.URI, Read: a.Read, Write: a.Write, Evidence: ev})
		}
	}
	return out
}

// bucketPolicyAccess: the principals each S3 data location's bucket policy
// itself allows to read or write its objects (read once per bucket).
func bucketPolicyAccess(ctx context.Context, d *plugin.QueryData, s *Settings, rows []cloud.Row) []cloud.Access {
	var out []cloud.Access
	for _, ds := range dataLocations(rows, "s3://") {
		bucket := strings.TrimPrefix(cloud.StorageOf(ds.URI), "s3://")
		doc, err := aws.BucketPolicy(ctx, d, s.AWS, bucket)
		if err != nil {
			plugin.Logger(ctx).Warn("aispm_relationship: a bucket policy could not be read; its access edges are missing", "bucket", bucket, "error", err)
			continue
		}
		if doc == nil {
			continue
		}
		grants, err := aws.PolicyGrants(doc, ds.URI, ds.AccountID)
		if err != nil {
			plugin.Logger(ctx).Warn("aispm_relationship: a bucket policy could not be read; its access edges are missing", "bucket", bucket, "error", err)
			continue
		}
		for _, g := range grants {
			ev := "bucket policy (" + strings.Join(g.Statements, ", ") + ") allows " + allowed(g.Read, g.Write) +
				note(g.Conditional, " under conditions") + note(g.OtherAccount, "; another account, whose own IAM policies must allow it too")
			out = append(out, grant(ds, g.Principal, g.Read, g.Write, ev))
		}
	}
	return out
}

// allowed names the S3 object actions granted.
func allowed(read, write bool) string {
	var a []string
	if read {
		a = append(a, "s3:GetObject")
	}
	if write {
		a = append(a, "s3:PutObject")
	}
	return strings.Join(a, " and ")
}

// dataLocations are the graph's data locations with a URI scheme, once each.
func dataLocations(rows []cloud.Row, scheme string) []*cloud.Dataset {
	var out []*cloud.Dataset
	seen := map[string]bool{}
	for _, r := range rows {
		if ds, ok := r.(*cloud.Dataset); ok && strings.HasPrefix(ds.URI, scheme) && !seen[ds.URI] {
			seen[ds.URI] = true
			out = append(out, ds)
		}
	}
	return out
}

// grant is an access edge to a data location, evidenced by its dataset row.
func grant(ds *cloud.Dataset, principal string, read, write bool, evidence string) cloud.Access {
	return cloud.Access{Meta: ds.Meta, Scope: ds.Scope, Principal: principal, Target: ds.URI, Read: read, Write: write, Evidence: evidence}
}

// note is text when it holds.
func note(holds bool, text string) string {
	if holds {
		return text
	}
	return ""
}
