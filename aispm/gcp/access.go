package gcp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
	cloudasset "google.golang.org/api/cloudasset/v1"
	crm "google.golang.org/api/cloudresourcemanager/v1"
)

// The Cloud Storage permissions that read and write a bucket's objects.
const (
	objectsGet    = "storage.objects.get"
	objectsCreate = "storage.objects.create"
)

// BucketGrant is a member that may read or write a bucket's objects.
type BucketGrant struct {
	Member      string // as IAM names it: serviceAccount:…, user:…, group:…, allUsers
	Role        string
	Resource    string // where the granting policy is attached (the bucket, the project, …)
	Read, Write bool
	Conditional bool // the binding has an IAM condition, which can narrow it
}

// BucketAccess is who may read or write a bucket's objects, and how that
// was found: "policy_analyzer" (Cloud Asset analyzeIamPolicy over every
// policy at or below the project: the bucket's, the project's, custom roles
// resolved), else "iam_policies" (the bucket's and the project's IAM
// policies, predefined object roles only). AnalyzerErr says why the
// analyzer was not used; Err what the fallback could not read.
type BucketAccess struct {
	Grants      []BucketGrant
	Method      string
	AnalyzerErr error
	Err         error
}

var (
	assetCached = restClient("cloudasset", "/cloudasset/", cloudasset.CloudPlatformScope, cloudasset.NewService)
	crmCached   = restClient("cloudresourcemanager", "/cloudresourcemanager/", crm.CloudPlatformReadOnlyScope, crm.NewService)
)

type accessRequest struct {
	request
	project, bucket string
}

// ObjectAccessOf answers who may read (storage.objects.get) and write
// (storage.objects.create) the objects of a bucket of project, once per
// bucket: Policy Analyzer where the Cloud Asset API answers, else the
// bucket's IAM policy (bucket, read for the exposure columns) with the
// project's (projects.getIamPolicy).
func ObjectAccessOf(ctx context.Context, d *plugin.QueryData, s Settings, project string, bucket *Exposure) BucketAccess {
	a, _ := bucketAccess(ctx, d, accessRequest{request: request{settings: s}, project: project, bucket: bucket.Bucket})
	if a.Method != "iam_policies" {
		return a
	}
	// The fallback: the bucket's own policy joins the project's (a new
	// slice: the memoized one is shared).
	grants := slices.Clone(a.Grants)
	for _, b := range bucket.Bindings {
		grants = append(grants, roleGrants(b.Role, b.Members, "//storage.googleapis.com/projects/_/buckets/"+bucket.Bucket, false)...)
	}
	a.Grants = grants
	return a
}

var bucketAccess = cloud.Memo(
	func(r accessRequest) string { return "gcp/bucket-access/" + r.project + "/" + r.bucket },
	func(ctx context.Context, d *plugin.QueryData, r accessRequest) (BucketAccess, error) {
		grants, err := analyze(ctx, d, r)
		if err == nil {
			return BucketAccess{Grants: grants, Method: "policy_analyzer"}, nil
		}
		out := BucketAccess{Method: "iam_policies", AnalyzerErr: err}
		out.Grants, out.Err = projectGrants(ctx, d, r)
		return out, nil
	})

// analyze asks Policy Analyzer which identities hold object read or write
// on the bucket, from the policies at or below the project.
func analyze(ctx context.Context, d *plugin.QueryData, r accessRequest) ([]BucketGrant, error) {
	svc, err := assetCached(ctx, d, r.request)
	if err != nil {
		return nil, err
	}
	out, err := svc.V1.AnalyzeIamPolicy("projects/"+r.project).
		AnalysisQueryResourceSelectorFullResourceName("//storage.googleapis.com/projects/_/buckets/"+r.bucket).
		AnalysisQueryAccessSelectorPermissions(objectsGet, objectsCreate).
		Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("cloudasset analyzeIamPolicy for bucket %s: %w", r.bucket, err)
	}
	if out.MainAnalysis == nil {
		return nil, errors.New("cloudasset analyzeIamPolicy returned no analysis")
	}
	var grants []BucketGrant
	for _, res := range out.MainAnalysis.AnalysisResults {
		if res == nil || res.IamBinding == nil {
			continue
		}
		var read, write bool
		for _, acl := range res.AccessControlLists {
			for _, a := range acl.Accesses {
				read = read || a.Permission == objectsGet
				write = write || a.Permission == objectsCreate
			}
		}
		if !read && !write {
			continue
		}
		members := res.IamBinding.Members
		if res.IdentityList != nil && len(res.IdentityList.Identities) > 0 {
			members = nil
			for _, id := range res.IdentityList.Identities {
				members = append(members, id.Name)
			}
		}
		for _, m := range members {
			grants = append(grants, BucketGrant{Member: m, Role: res.IamBinding.Role, Resource: res.AttachedResourceFullName,
				Read: read, Write: write, Conditional: res.IamBinding.Condition != nil})
		}
	}
	return grants, nil
}

// projectGrants are the object roles the project's own IAM policy grants.
func projectGrants(ctx context.Context, d *plugin.QueryData, r accessRequest) ([]BucketGrant, error) {
	svc, err := crmCached(ctx, d, r.request)
	if err != nil {
		return nil, err
	}
	p, err := svc.Projects.GetIamPolicy(r.project, &crm.GetIamPolicyRequest{}).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("projects.getIamPolicy %s: %w", r.project, err)
	}
	var grants []BucketGrant
	for _, b := range p.Bindings {
		grants = append(grants, roleGrants(b.Role, b.Members, "//cloudresourcemanager.googleapis.com/projects/"+r.project, b.Condition != nil)...)
	}
	return grants, nil
}

// roleGrants: the members of a binding whose predefined role reads or writes objects.
func roleGrants(role string, members []string, resource string, conditional bool) []BucketGrant {
	read, write := ObjectAccess(role)
	if !read && !write {
		return nil
	}
	var out []BucketGrant
	for _, m := range slices.Compact(slices.Sorted(slices.Values(members))) {
		out = append(out, BucketGrant{Member: m, Role: role, Resource: resource, Read: read, Write: write, Conditional: conditional})
	}
	return out
}

// Principal is how the graph names a member: a service account by its
// email (as resources name their identity), anyone as the internet node,
// the rest as IAM names them.
func Principal(member string) string {
	switch {
	case member == "allUsers" || member == "allAuthenticatedUsers":
		return cloud.Internet
	case strings.HasPrefix(member, "serviceAccount:"):
		return strings.TrimPrefix(member, "serviceAccount:")
	}
	return member
}
