package gcp

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/logging/apiv2/loggingpb"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
	"google.golang.org/genproto/googleapis/cloud/audit"
	rpccode "google.golang.org/genproto/googleapis/rpc/code"
)

// Logging is the service name of Cloud Logging in aispm_scope_status.
const Logging = "logging"

// AIServices are the Google APIs whose audit logs are AI activity.
var AIServices = []string{"aiplatform.googleapis.com", "apikeys.googleapis.com", "generativelanguage.googleapis.com", "notebooks.googleapis.com"}

// AuditEvent is one Cloud Audit Logs entry (admin activity, or data access
// where the project enabled it) of an AI service.
type AuditEvent struct {
	cloud.Activity
	LogName        string           `json:"log_name"`
	InsertID       string           `json:"insert_id"`
	Severity       string           `json:"severity"`
	ServiceName    string           `json:"service_name"`
	MethodName     string           `json:"method_name"`
	ResourceName   string           `json:"resource_name"`
	PrincipalEmail string           `json:"principal_email"`
	ServiceKeyName string           `json:"service_account_key_name"`
	Delegation     []string         `json:"delegation_chain"`
	StatusMessage  string           `json:"status_message"`
	Request        any              `json:"request"`
	Secrets        []redact.Finding `json:"secrets"`
}

// AuditFilter are the equality quals pushed into the Logging filter.
type AuditFilter struct {
	Service, Method, Principal string
}

func quoteFilter(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

// Filter is the Logging query aispm sends: audit logs of the AI services in
// the window, narrowed by the quals.
func (f AuditFilter) Filter(w cloud.Window) string {
	services := AIServices
	if f.Service != "" {
		services = []string{f.Service}
	}
	q := make([]string, len(services))
	for i, s := range services {
		q[i] = quoteFilter(s)
	}
	parts := []string{`logName:"cloudaudit.googleapis.com"`, "protoPayload.serviceName=(" + strings.Join(q, " OR ") + ")",
		`timestamp>="` + w.Start.UTC().Format(time.RFC3339) + `"`, `timestamp<="` + w.End.UTC().Format(time.RFC3339) + `"`}
	if f.Method != "" {
		parts = append(parts, "protoPayload.methodName="+quoteFilter(f.Method))
	}
	if f.Principal != "" {
		parts = append(parts, "protoPayload.authenticationInfo.principalEmail="+quoteFilter(f.Principal))
	}
	return strings.Join(parts, " AND ")
}

// ListAuditEvents streams a project's AI audit log entries in the window,
// newest first. An entry that is not an AuditLog is reported through bad and
// skipped.
func ListAuditEvents(ctx context.Context, c *ProjectClients, sc cloud.Scope, f AuditFilter, w cloud.Window, bad func(error), emit func(*AuditEvent) bool) error {
	if f.Service != "" && !slices.Contains(AIServices, f.Service) {
		return nil
	}
	// Page by page through the RPC itself: each call waits for the quota, and
	// the Logging API may answer a short or empty page with a token.
	req := &loggingpb.ListLogEntriesRequest{ResourceNames: []string{"projects/" + sc.Project}, Filter: f.Filter(w),
		OrderBy: "timestamp desc", PageSize: auditPageSize}
	for {
		resp, err := c.Logging.ListLogEntries(ctx, req)
		if err != nil {
			return err
		}
		for _, e := range resp.GetEntries() {
			r, err := auditEvent(sc, e)
			if err != nil {
				bad(err)
				continue
			}
			if !w.Contains(r.EventTime) {
				continue
			}
			if !emit(r) {
				return nil
			}
		}
		if resp.GetNextPageToken() == "" {
			return nil
		}
		req.PageToken = resp.GetNextPageToken()
	}
}

// auditPageSize is the largest page entries.list returns.
const auditPageSize = 1000

var resourceLocation = regexp.MustCompile(`(?:^|/)locations/([^/]+)`)

func auditEvent(sc cloud.Scope, e *loggingpb.LogEntry) (*AuditEvent, error) {
	payload := e.GetProtoPayload()
	if payload == nil {
		return nil, fmt.Errorf("log entry %s in %s: no protoPayload (not an audit log entry)", e.GetInsertId(), sc.Project)
	}
	var al audit.AuditLog
	if err := payload.UnmarshalTo(&al); err != nil {
		return nil, fmt.Errorf("log entry %s in %s: protoPayload is not an AuditLog: %w", e.GetInsertId(), sc.Project, err)
	}
	if e.GetTimestamp() == nil {
		return nil, fmt.Errorf("log entry %s in %s: no timestamp", e.GetInsertId(), sc.Project)
	}
	auth := al.GetAuthenticationInfo()
	r := &AuditEvent{LogName: e.GetLogName(), InsertID: e.GetInsertId(), Severity: e.GetSeverity().String(),
		ServiceName: al.GetServiceName(), MethodName: al.GetMethodName(), ResourceName: al.GetResourceName(),
		PrincipalEmail: auth.GetPrincipalEmail(), ServiceKeyName: auth.GetServiceAccountKeyName(), Delegation: []string{},
		Secrets: []redact.Finding{}}
	for _, d := range auth.GetServiceAccountDelegationInfo() {
		if fp := d.GetFirstPartyPrincipal(); fp != nil {
			r.Delegation = append(r.Delegation, fp.GetPrincipalEmail())
		}
	}
	var findings []redact.Finding
	redactStruct := func(name string, m map[string]any) any {
		if m == nil {
			return nil
		}
		red, fs := redact.JSON(m)
		for _, f := range fs {
			f.Where = name + strings.TrimPrefix(f.Where, "$")
			findings = append(findings, f)
		}
		return red
	}
	r.Request = redactStruct("request", al.GetRequest().AsMap())
	response := redactStruct("response", al.GetResponse().AsMap())
	metadata := redactStruct("metadata", al.GetMetadata().AsMap())
	if msg := al.GetStatus().GetMessage(); msg != "" {
		r.StatusMessage = redact.Into(&findings, "status.message", msg)
	}
	if findings != nil {
		r.Secrets = findings
	}
	a := &r.Activity
	a.Source, a.EventID, a.EventTime = "gcp_audit_log", e.GetInsertId(), e.GetTimestamp().AsTime().UTC()
	a.Service, a.Operation, a.ResourceID = r.ServiceName, r.MethodName, r.ResourceName
	a.Principal, a.PrincipalType = r.PrincipalEmail, principalType(r.PrincipalEmail)
	a.SourceIP, a.UserAgent = al.GetRequestMetadata().GetCallerIp(), al.GetRequestMetadata().GetCallerSuppliedUserAgent()
	if c := al.GetStatus().GetCode(); c != 0 {
		a.ErrorCode = rpccode.Code(c).String() // PERMISSION_DENIED, as Google names it
	}
	a.ReadOnly = cloud.Ptr(cloud.ReadOnlyOperation(r.MethodName))
	if m, ok := r.Request.(map[string]any); ok {
		if model, _ := m["model"].(string); model != "" {
			a.ModelID = model
		}
	}
	if loc := e.GetResource().GetLabels()["location"]; loc != "" && loc != "global" {
		a.Location = loc
	} else if m := resourceLocation.FindStringSubmatch(r.ResourceName); m != nil {
		a.Location = m[1]
	}
	a.Event = map[string]any{"logName": r.LogName, "insertId": r.InsertID, "timestamp": a.EventTime, "severity": r.Severity,
		"resource": map[string]any{"type": e.GetResource().GetType(), "labels": e.GetResource().GetLabels()},
		"protoPayload": map[string]any{"serviceName": r.ServiceName, "methodName": r.MethodName, "resourceName": r.ResourceName,
			"authenticationInfo": map[string]any{"principalEmail": r.PrincipalEmail, "serviceAccountKeyName": r.ServiceKeyName},
			"requestMetadata":    map[string]any{"callerIp": a.SourceIP, "callerSuppliedUserAgent": a.UserAgent},
			"status":             map[string]any{"code": al.GetStatus().GetCode(), "message": r.StatusMessage},
			"request":            r.Request, "response": response, "metadata": metadata}}
	a.Scope = sc.Project
	a.FinishActivity()
	return r, nil
}

// principalType reads who called: a service account by its address, a
// person by theirs; no principal is anonymous (API-key calls record none).
func principalType(email string) string {
	switch {
	case strings.HasSuffix(email, ".gserviceaccount.com"):
		return cloud.PrincipalServiceAccount
	case strings.Contains(email, "@"):
		return cloud.PrincipalUser
	case email == "":
		return cloud.PrincipalAnonymous
	}
	return cloud.PrincipalUnknown
}
