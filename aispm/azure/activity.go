package azure

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
)

// ActivityLog is the service name of the Activity Log in aispm_scope_status.
const ActivityLog = "activity-log"

// AIProviders are the resource providers whose Activity Log events are AI
// activity. The Activity Log's $filter takes one resourceProvider per call.
var AIProviders = []string{"Microsoft.CognitiveServices", "Microsoft.MachineLearningServices"}

// activitySelect is the $select of the list: the fields aispm reads, so the
// service does not send every claim.
const activitySelect = "authorization,caller,category,claims,correlationId,eventDataId,eventName,eventTimestamp,httpRequest,id,level,operationId,operationName,properties,resourceGroupName,resourceId,resourceProviderName,resourceType,status,subStatus,subscriptionId"

// ActivityEvent is one Activity Log (administrative) event of an AI resource provider.
type ActivityEvent struct {
	cloud.Activity
	ResourceProvider string           `json:"resource_provider"`
	ResourceType     string           `json:"resource_type"`
	Caller           string           `json:"caller"`
	Status           string           `json:"status"`
	SubStatus        string           `json:"sub_status"`
	CorrelationID    string           `json:"correlation_id"`
	Level            string           `json:"level"`
	Category         string           `json:"category"`
	AuthorizationAct string           `json:"authorization_action"`
	RequestBody      any              `json:"request_body"`
	Secrets          []redact.Finding `json:"secrets"`
}

// ActivityFilter is the equality qual the Activity Log's $filter takes
// besides the time window: the $filter names one resourceProvider, and takes
// no other narrowing alongside it.
type ActivityFilter struct {
	Provider string
}

// ListActivityEvents streams the subscription's Activity Log events of the
// AI providers in the window, one filtered list per provider.
func ListActivityEvents(ctx context.Context, c *Clients, sc cloud.Scope, f ActivityFilter, w cloud.Window, emit func(*ActivityEvent) bool) error {
	providers := AIProviders
	if f.Provider != "" {
		providers = nil
		for _, p := range AIProviders {
			if strings.EqualFold(p, f.Provider) {
				providers = []string{p}
			}
		}
	}
	for _, p := range providers {
		filter := fmt.Sprintf("eventTimestamp ge '%s' and eventTimestamp le '%s' and resourceProvider eq '%s'",
			w.Start.UTC().Format(time.RFC3339), w.End.UTC().Format(time.RFC3339), p)
		stopped, err := eachPage(ctx, c.ActivityLogs.NewListPager(filter, &armmonitor.ActivityLogsClientListOptions{Select: ptr(activitySelect)}),
			func(p armmonitor.ActivityLogsClientListResponse) []*armmonitor.EventData { return p.Value },
			func(e *armmonitor.EventData) bool {
				r := activityEvent(sc, e)
				if !w.Contains(r.EventTime) {
					return true
				}
				return emit(r)
			})
		if err != nil || stopped {
			return err
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

func localized(s *armmonitor.LocalizableString) string {
	if s == nil {
		return ""
	}
	return deref(s.Value)
}

// identityClaims are the claims kept in the event: who, from where, through which app.
var identityClaims = []string{"appid", "idtyp", "ipaddr", "name", "http://schemas.microsoft.com/identity/claims/objectidentifier",
	"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "xms_mirid"}

func activityEvent(sc cloud.Scope, e *armmonitor.EventData) *ActivityEvent {
	claims := map[string]string{}
	for k, v := range e.Claims {
		if v != nil {
			claims[k] = *v
		}
	}
	r := &ActivityEvent{ResourceProvider: localized(e.ResourceProviderName), ResourceType: localized(e.ResourceType),
		Caller: deref(e.Caller), Status: localized(e.Status), SubStatus: localized(e.SubStatus), CorrelationID: deref(e.CorrelationID),
		Category: localized(e.Category), Secrets: []redact.Finding{}}
	if e.Level != nil {
		r.Level = string(*e.Level)
	}
	if e.Authorization != nil {
		r.AuthorizationAct = deref(e.Authorization.Action)
	}
	props := map[string]any{}
	var findings []redact.Finding
	for k, v := range e.Properties {
		if v == nil {
			continue
		}
		if strings.EqualFold(k, "requestbody") || strings.EqualFold(k, "responseBody") {
			red, fs := redact.JSONText(*v)
			for _, f := range fs {
				f.Where = "properties." + k + strings.TrimPrefix(f.Where, "$")
				findings = append(findings, f)
			}
			props[k] = red
			if strings.EqualFold(k, "requestbody") {
				r.RequestBody = red
			}
			continue
		}
		props[k] = redact.Into(&findings, "properties."+k, *v)
	}
	if findings != nil {
		r.Secrets = findings
	}
	a := &r.Activity
	a.Source, a.EventID = "azure_activity_log", deref(e.EventDataID)
	if e.EventTimestamp != nil {
		a.EventTime = e.EventTimestamp.UTC()
	}
	a.Operation, a.ResourceID = localized(e.OperationName), deref(e.ResourceID)
	a.Service = r.ResourceProvider
	a.Principal, a.PrincipalType = r.Caller, callerType(r.Caller, claims)
	if e.HTTPRequest != nil {
		a.SourceIP = deref(e.HTTPRequest.ClientIPAddress)
	}
	if a.SourceIP == "" {
		a.SourceIP = claims["ipaddr"]
	}
	switch strings.ToLower(r.Status) {
	case "succeeded", "resolved", "active":
		a.Outcome = cloud.OutcomeSuccess
	case "failed":
		a.Outcome = cloud.OutcomeFailure
		status, _ := props["statusCode"].(string)
		a.ErrorCode = cloud.FirstNonEmpty(status, r.SubStatus, "Failed")
	default:
		a.Outcome = cloud.OutcomeStarted
	}
	a.ReadOnly = cloud.Ptr(strings.HasSuffix(strings.ToLower(a.Operation), "/read"))
	kept := map[string]string{}
	for _, k := range identityClaims {
		if v, ok := claims[k]; ok {
			kept[k] = v
		}
	}
	ev := map[string]any{"eventDataId": a.EventID, "eventTimestamp": a.EventTime, "operationName": a.Operation,
		"status": r.Status, "subStatus": r.SubStatus, "caller": r.Caller, "claims": kept, "resourceId": a.ResourceID,
		"resourceProviderName": r.ResourceProvider, "resourceType": r.ResourceType, "correlationId": r.CorrelationID,
		"level": r.Level, "category": r.Category, "properties": props}
	if e.HTTPRequest != nil {
		ev["httpRequest"] = map[string]any{"clientIpAddress": a.SourceIP, "method": deref(e.HTTPRequest.Method)}
	}
	a.Event = ev
	a.Scope = sc.SubscriptionID
	a.ResourceGroup = deref(e.ResourceGroupName)
	a.Location = ""
	a.FinishActivity()
	return r
}

// callerType reads the principal type from the event's claims: an app-only
// token (idtyp app, or an appid without a user) is a service principal, and
// one with xms_mirid a managed identity.
func callerType(caller string, claims map[string]string) string {
	switch {
	case claims["xms_mirid"] != "":
		return cloud.PrincipalManagedIdentity
	case claims["idtyp"] == "app":
		return cloud.PrincipalServicePrincipal
	case claims["idtyp"] == "user" || strings.Contains(caller, "@"):
		return cloud.PrincipalUser
	case claims["appid"] != "" && claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"] == "":
		return cloud.PrincipalServicePrincipal
	case caller == "":
		return cloud.PrincipalAnonymous
	}
	return cloud.PrincipalUnknown
}
