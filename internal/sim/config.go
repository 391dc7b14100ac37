package sim

import (
	"fmt"
	"sort"
	"strings"
)

// ConnectionConfig renders a ready `connection "aispm" { ... }` block that
// points every cloud at this simulator.
func (s *Server) ConnectionConfig() string {
	e := s.Estate
	var regions, projects []string
	seen := map[string]bool{}
	accessKey := "AKIASIMUNKNOWN000000"
	if len(e.AWS.Accounts) > 0 {
		accessKey = e.AWS.Accounts[0].AccessKeyID
		for r := range e.AWS.Accounts[0].Regions {
			if !seen[r] && r != "global" { // estate.AWSGlobal: account-wide services, not a region
				seen[r] = true
				regions = append(regions, r)
			}
		}
	}
	sort.Strings(regions)
	for _, p := range e.GCP.Projects {
		projects = append(projects, p.ID)
	}
	if len(regions) == 0 {
		regions = []string{"us-east-1"}
	}
	quote := func(xs []string) string {
		q := make([]string, len(xs))
		for i, x := range xs {
			q[i] = fmt.Sprintf("%q", x)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by `aispm sim` for the %q estate: every cloud points at the simulator on %s.\n", e.Name, s.Addr())
	b.WriteString("connection \"aispm\" {\n")
	b.WriteString("  plugin = \"local/aispm\"\n\n")
	b.WriteString("  clouds = [\"aws\", \"azure\", \"gcp\"]\n\n")
	fmt.Fprintf(&b, "  # The simulator tells AWS accounts apart by access key id; it checks no secret.\n")
	fmt.Fprintf(&b, "  aws_access_key_id     = %q\n", accessKey)
	fmt.Fprintf(&b, "  aws_secret_access_key = %q\n", "simulator-accepts-any-secret")
	fmt.Fprintf(&b, "  aws_regions           = %s\n", quote(regions))
	fmt.Fprintf(&b, "  aws_endpoint_url      = %q\n\n", s.URL())
	fmt.Fprintf(&b, "  azure_subscription_ids     = [\"*\"]\n")
	fmt.Fprintf(&b, "  azure_credential           = \"simulator\"\n")
	fmt.Fprintf(&b, "  azure_resource_manager_url = %q\n", s.URL())
	fmt.Fprintf(&b, "  azure_data_plane_url       = %q\n\n", s.URL())
	fmt.Fprintf(&b, "  gcp_projects = %s\n", quote(projects))
	fmt.Fprintf(&b, "  gcp_endpoint = %q\n", s.Addr())
	fmt.Fprintf(&b, "  gcp_insecure = true\n\n")
	fmt.Fprintf(&b, "  max_attempts        = 10\n")
	fmt.Fprintf(&b, "  retry_base_delay_ms = 5\n\n")
	fmt.Fprintf(&b, "  # A week of activity: the detections compare the last day with the days before.\n")
	fmt.Fprintf(&b, "  activity_lookback_hours = 168\n")
	b.WriteString("}\n")
	return b.String()
}
