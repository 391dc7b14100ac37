package azure

import (
	"context"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/turbot/steampipe-plugin-sdk/v5/plugin"
)

// DiagnosticLogging is what a resource's diagnostic settings send where
// (Microsoft.Insights/diagnosticSettings, read-only): resource logs are on
// when some setting enables a log category (or category group) and names a
// destination.
type DiagnosticLogging struct {
	Enabled      *bool    `json:"enabled"`
	Settings     []string `json:"settings"`
	Categories   []string `json:"categories"`
	Destinations []string `json:"destinations"`
	Error        string   `json:"error,omitempty"`
}

// DiagnosticsHolder is a row whose resource logs aispm reads.
type DiagnosticsHolder interface {
	DiagnosticsTarget() (resourceID string, set func(*DiagnosticLogging))
}

type diagnosticsRequest struct {
	request
	resource string
}

var diagnosticsCached = cloud.Memo(
	func(r diagnosticsRequest) string { return "azure/diagnostics/" + strings.ToLower(r.resource) },
	func(ctx context.Context, d *plugin.QueryData, r diagnosticsRequest) (*DiagnosticLogging, error) {
		out := &DiagnosticLogging{Settings: []string{}, Categories: []string{}, Destinations: []string{}}
		c, err := clientsCached(ctx, d, r.request)
		if err != nil {
			out.Error = err.Error()
			return out, nil
		}
		enabled := false
		_, err = eachPage(ctx, c.Diagnostics.NewListPager(r.resource, nil),
			func(p armmonitor.DiagnosticSettingsClientListResponse) []*armmonitor.DiagnosticSettingsResource {
				return p.Value
			},
			func(s *armmonitor.DiagnosticSettingsResource) bool {
				out.Settings = append(out.Settings, deref(s.Name))
				p := s.Properties
				if p == nil {
					return true
				}
				var dest []string
				for _, id := range []*string{p.WorkspaceID, p.StorageAccountID, p.EventHubAuthorizationRuleID, p.MarketplacePartnerID} {
					if deref(id) != "" {
						dest = append(dest, deref(id))
					}
				}
				logs := false
				for _, l := range p.Logs {
					if deref(l.Enabled) {
						logs = true
						out.Categories = append(out.Categories, deref(l.Category)+deref(l.CategoryGroup))
					}
				}
				if logs && len(dest) > 0 {
					enabled = true
					out.Destinations = append(out.Destinations, dest...)
				}
				return true
			})
		if err != nil {
			out.Error = "listing diagnostic settings: " + err.Error()
			return out, nil // the row stands; logging is unknown
		}
		out.Enabled = cloud.Ptr(enabled)
		return out, nil
	})

// ResolveDiagnostics reads the diagnostic settings of a row's resource.
func ResolveDiagnostics(ctx context.Context, d *plugin.QueryData, s Settings, subscription string, row any) {
	h, ok := row.(DiagnosticsHolder)
	if !ok {
		return
	}
	id, set := h.DiagnosticsTarget()
	if id == "" {
		return
	}
	dl, _ := diagnosticsCached(ctx, d, diagnosticsRequest{request: request{settings: s, subscription: subscription}, resource: id})
	set(dl)
}

// enabled is whether resource logs are on (null when unknown).
func (l *DiagnosticLogging) enabled() *bool {
	if l == nil {
		return nil
	}
	return l.Enabled
}

func (a *CognitiveAccount) DiagnosticsTarget() (string, func(*DiagnosticLogging)) {
	return a.ID, func(l *DiagnosticLogging) { a.DiagnosticLogs = l }
}

func (w *MLWorkspace) DiagnosticsTarget() (string, func(*DiagnosticLogging)) {
	return w.ID, func(l *DiagnosticLogging) { w.DiagnosticLogs = l }
}

func (e *MLOnlineEndpoint) DiagnosticsTarget() (string, func(*DiagnosticLogging)) {
	return e.ID, func(l *DiagnosticLogging) { e.DiagnosticLogs = l }
}

// CustomerManagedKey decides whether an Azure key source is customer
// managed: Microsoft.KeyVault is; Microsoft.* (Microsoft.CognitiveServices,
// Microsoft.Storage) and an unset source are Microsoft-managed keys.
func CustomerManagedKey(keySource string) bool {
	return strings.EqualFold(keySource, "Microsoft.KeyVault")
}
