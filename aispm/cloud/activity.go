package cloud

import (
	"strings"
	"time"
)

// Principal types of aispm_ai_activity: who made a call, in one vocabulary
// for the three clouds.
const (
	PrincipalUser             = "user"              // a person: IAM Identity Center / Entra ID user / Google account
	PrincipalRole             = "role"              // an AWS role session (assumed role)
	PrincipalAccessKey        = "access_key"        // an AWS IAM user's long-term access key (AKIA...)
	PrincipalRoot             = "root"              // the AWS account root user
	PrincipalFederated        = "federated"         // an AWS federated, SAML or web-identity user
	PrincipalService          = "service"           // a cloud service acting on its own behalf
	PrincipalServicePrincipal = "service_principal" // an Entra ID application
	PrincipalManagedIdentity  = "managed_identity"  // an Azure managed identity
	PrincipalServiceAccount   = "service_account"   // a Google service account
	PrincipalAPIKey           = "api_key"           // a bearer API key (Bedrock API key, Google API key)
	PrincipalAnonymous        = "anonymous"         // no identity was recorded
	PrincipalUnknown          = "unknown"
)

// Outcomes of an activity event.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeStarted = "started" // an Azure operation's first event; its result is a later event
)

// Activity is one audit or invocation event in the provider-neutral shape of
// aispm_ai_activity. Native event tables embed it and add their own columns.
type Activity struct {
	Meta
	Scope         string    `json:"scope"`
	Source        string    `json:"source"` // the log it came from: cloudtrail, bedrock_invocation_log, azure_activity_log, gcp_audit_log
	EventID       string    `json:"event_id"`
	EventTime     time.Time `json:"event_time"`
	Principal     string    `json:"principal"`
	PrincipalType string    `json:"principal_type"`
	SourceIP      string    `json:"source_ip"`
	UserAgent     string    `json:"user_agent"`
	Service       string    `json:"service"`
	Operation     string    `json:"operation"`
	ResourceID    string    `json:"resource_id"`
	Outcome       string    `json:"outcome"`
	ErrorCode     string    `json:"error_code"`
	ReadOnly      *bool     `json:"read_only"`
	ModelID       string    `json:"model_id"`
	InputTokens   *int64    `json:"input_tokens"`
	OutputTokens  *int64    `json:"output_tokens"`
	// Event is the native event with every field that can carry user
	// content redacted (and prompt and response bodies dropped).
	Event any `json:"event"`
}

// Window is the time range an activity table reads: [Start, End].
type Window struct{ Start, End time.Time }

// Contains reports whether t falls in the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.Start) && !t.After(w.End) }

// FinishActivity fills the standard columns of an activity row: the name is
// the operation, the title says who did it, and the event id is its aka.
func (a *Activity) FinishActivity() {
	a.Name = a.Operation
	a.Title = strings.TrimSpace(a.Principal + " " + a.Operation)
	if a.Tags == nil {
		a.Tags = map[string]string{}
	}
	a.Akas = []string{}
	if a.Outcome == "" {
		a.Outcome = OutcomeSuccess
		if a.ErrorCode != "" {
			a.Outcome = OutcomeFailure
		}
	}
	if a.Principal == "" {
		a.PrincipalType = PrincipalAnonymous
	}
	if a.PrincipalType == "" {
		a.PrincipalType = PrincipalUnknown
	}
}

// ReadOnlyOperation guesses, from an API method's last segment, whether it
// only reads (Get, List, Describe, Search, Lookup, Batch Get...).
func ReadOnlyOperation(method string) bool {
	if i := strings.LastIndexAny(method, "./"); i >= 0 {
		method = method[i+1:]
	}
	for _, p := range []string{"Get", "List", "Describe", "Search", "Lookup", "BatchGet", "Query", "read"} {
		if strings.HasPrefix(method, p) {
			return true
		}
	}
	return false
}

// FirstNonEmpty returns the first of xs that is not empty.
func FirstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
