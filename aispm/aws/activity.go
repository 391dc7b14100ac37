package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrock"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// Service names of the activity sources, as aispm_scope_status shows them.
const (
	CloudTrail         = "cloudtrail"
	BedrockInvocations = "bedrock-invocation-logs"
)

// AIEventSources are the CloudTrail event sources of AWS's AI services.
var AIEventSources = []string{"bedrock.amazonaws.com", "sagemaker.amazonaws.com"}

// credentialEvents are the IAM events that create or change service-specific
// credentials (Bedrock API keys are one kind); IAM is global, so they are
// recorded in the partition's global region only.
var credentialEvents = []string{"CreateServiceSpecificCredential", "ResetServiceSpecificCredential",
	"UpdateServiceSpecificCredential", "DeleteServiceSpecificCredential"}

// Lookup is the one LookupEvents attribute a query pushes down (the API takes
// at most one per call); the zero Lookup reads the AI event sources.
type Lookup struct {
	Key   cttypes.LookupAttributeKey
	Value string
}

// CloudTrailEvent is one management event of an AI service from CloudTrail's
// 90-day event history.
type CloudTrailEvent struct {
	cloud.Activity
	EventSource       string           `json:"event_source"`
	EventName         string           `json:"event_name"`
	Username          string           `json:"username"`
	AccessKeyID       string           `json:"access_key_id"`
	IdentityType      string           `json:"identity_type"`
	IdentityArn       string           `json:"identity_arn"`
	ErrorMessage      string           `json:"error_message"`
	RequestParameters any              `json:"request_parameters"`
	Resources         []EventResource  `json:"resources"`
	Secrets           []redact.Finding `json:"secrets"`
}

// EventResource is a resource CloudTrail lists for an event.
type EventResource struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// LookupAIEvents streams the AI services' management events in the window.
// Each LookupEvents call waits for its quota (2 per second; plugin.go).
// A malformed event is reported through bad and skipped.
func LookupAIEvents(ctx context.Context, c *Clients, sc cloud.Scope, l Lookup, w cloud.Window, bad func(error), emit func(*CloudTrailEvent) bool) error {
	var lookups []Lookup
	switch {
	case l.Key == cttypes.LookupAttributeKeyEventSource && !slices.Contains(AIEventSources, l.Value) && !(l.Value == "iam.amazonaws.com" && isGlobalRegion(sc.Region)):
		return nil // not an AI event source: no row can match
	case l.Key == cttypes.LookupAttributeKeyEventSource && l.Value == "iam.amazonaws.com":
		for _, name := range credentialEvents {
			lookups = append(lookups, Lookup{cttypes.LookupAttributeKeyEventName, name})
		}
	case l.Key != "":
		lookups = []Lookup{l}
	default:
		for _, src := range AIEventSources {
			lookups = append(lookups, Lookup{cttypes.LookupAttributeKeyEventSource, src})
		}
		if isGlobalRegion(sc.Region) {
			for _, name := range credentialEvents {
				lookups = append(lookups, Lookup{cttypes.LookupAttributeKeyEventName, name})
			}
		}
	}
	for _, lk := range lookups {
		in := &cloudtrail.LookupEventsInput{StartTime: aws.Time(w.Start), EndTime: aws.Time(w.End), MaxResults: aws.Int32(50),
			LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: lk.Key, AttributeValue: aws.String(lk.Value)}}}
		p := cloudtrail.NewLookupEventsPaginator(c.CloudTrail, in)
		stopped := false
		err := pages(ctx, p.HasMorePages, func(ctx context.Context, o ...func(*cloudtrail.Options)) (*cloudtrail.LookupEventsOutput, error) {
			return p.NextPage(ctx, o...)
		}, func(o *cloudtrail.LookupEventsOutput) []cttypes.Event { return o.Events },
			func(e cttypes.Event) bool {
				r, err := cloudTrailEvent(sc, e)
				if err != nil {
					bad(err)
					return true
				}
				if r == nil || !w.Contains(r.EventTime) {
					return true
				}
				if !emit(r) {
					stopped = true
					return false
				}
				return true
			})
		if err != nil {
			return err
		}
		if stopped {
			return nil
		}
	}
	return nil
}

// isGlobalRegion reports whether a region receives its partition's global
// service (IAM) events.
func isGlobalRegion(r string) bool {
	return r == "us-east-1" || r == "us-gov-west-1" || r == "cn-north-1"
}

// trailRecord is the part of a CloudTrail record aispm reads.
type trailRecord struct {
	EventTime    string `json:"eventTime"`
	EventSource  string `json:"eventSource"`
	EventName    string `json:"eventName"`
	AWSRegion    string `json:"awsRegion"`
	SourceIP     string `json:"sourceIPAddress"`
	UserAgent    string `json:"userAgent"`
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
	ReadOnly     *bool  `json:"readOnly"`
	EventID      string `json:"eventID"`
	UserIdentity struct {
		Type           string `json:"type"`
		Arn            string `json:"arn"`
		AccountID      string `json:"accountId"`
		AccessKeyID    string `json:"accessKeyId"`
		UserName       string `json:"userName"`
		InvokedBy      string `json:"invokedBy"`
		SessionContext struct {
			SessionIssuer struct {
				Type string `json:"type"`
				Arn  string `json:"arn"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	RequestParameters   map[string]any `json:"requestParameters"`
	AdditionalEventData map[string]any `json:"additionalEventData"`
}

// cloudTrailEvent reads one LookupEvents event; nil means it is not an AI
// event (an IAM credential event for another service).
func cloudTrailEvent(sc cloud.Scope, e cttypes.Event) (*CloudTrailEvent, error) {
	raw := aws.ToString(e.CloudTrailEvent)
	var rec trailRecord
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return nil, fmt.Errorf("cloudtrail event %s in %s: malformed CloudTrailEvent: %w", aws.ToString(e.EventId), sc.Region, err)
	}
	var doc map[string]any
	_ = json.Unmarshal([]byte(raw), &doc) // it parsed as a record above
	if rec.EventSource == "iam.amazonaws.com" {
		if svc, _ := rec.RequestParameters["serviceName"].(string); rec.EventName == "CreateServiceSpecificCredential" && svc != "" && svc != "bedrock.amazonaws.com" {
			return nil, nil
		}
	}
	t := aws.ToTime(e.EventTime)
	if t.IsZero() {
		parsed, err := time.Parse(time.RFC3339, rec.EventTime)
		if err != nil {
			return nil, fmt.Errorf("cloudtrail event %s in %s: no event time", aws.ToString(e.EventId), sc.Region)
		}
		t = parsed
	}
	r := &CloudTrailEvent{
		EventSource: cloud.FirstNonEmpty(aws.ToString(e.EventSource), rec.EventSource), EventName: cloud.FirstNonEmpty(aws.ToString(e.EventName), rec.EventName),
		Username: aws.ToString(e.Username), AccessKeyID: cloud.FirstNonEmpty(aws.ToString(e.AccessKeyId), rec.UserIdentity.AccessKeyID),
		IdentityType: rec.UserIdentity.Type, IdentityArn: rec.UserIdentity.Arn, Resources: []EventResource{}, Secrets: []redact.Finding{},
	}
	for _, res := range e.Resources {
		r.Resources = append(r.Resources, EventResource{Type: aws.ToString(res.ResourceType), Name: aws.ToString(res.ResourceName)})
	}
	a := &r.Activity
	a.Source, a.EventID, a.EventTime = CloudTrail, cloud.FirstNonEmpty(aws.ToString(e.EventId), rec.EventID), t.UTC()
	a.Service, a.Operation = strings.TrimSuffix(r.EventSource, ".amazonaws.com"), r.EventName
	a.SourceIP, a.UserAgent, a.ErrorCode = rec.SourceIP, rec.UserAgent, rec.ErrorCode
	a.Principal, a.PrincipalType = trailPrincipal(rec)
	if ro := aws.ToString(e.ReadOnly); ro != "" {
		a.ReadOnly = cloud.Ptr(ro == "true")
	} else {
		a.ReadOnly = rec.ReadOnly
	}
	if m, _ := rec.RequestParameters["modelId"].(string); m != "" {
		a.ModelID = m
	}
	for _, res := range e.Resources {
		if n := aws.ToString(res.ResourceName); strings.HasPrefix(n, "arn:") && a.ResourceID == "" {
			a.ResourceID = n
		}
	}
	if a.ResourceID == "" {
		a.ResourceID = a.ModelID
	}
	// What the caller sent and what AWS answered is user content: redact it.
	// The identity, address and agent are AWS's own metadata.
	var findings []redact.Finding
	for _, k := range []string{"requestParameters", "responseElements", "additionalEventData", "serviceEventDetails"} {
		if v, ok := doc[k]; ok && v != nil {
			red, fs := redact.JSON(v)
			doc[k] = red
			for _, f := range fs {
				f.Where = k + strings.TrimPrefix(f.Where, "$")
				findings = append(findings, f)
			}
		}
	}
	if rec.ErrorMessage != "" {
		doc["errorMessage"] = redact.Into(&findings, "errorMessage", rec.ErrorMessage)
		r.ErrorMessage = doc["errorMessage"].(string)
	}
	r.RequestParameters = doc["requestParameters"]
	if findings != nil {
		r.Secrets = findings
	}
	a.Event = doc
	a.Location = sc.Region
	a.Scope = sc.AccountID
	a.FinishActivity()
	return r, nil
}

// trailPrincipal names who made a call, the way detections group calls: the
// role for a role session, the user for an IAM user (a long-term key when it
// signed with AKIA...), the service for a service.
func trailPrincipal(rec trailRecord) (string, string) {
	id := rec.UserIdentity
	if bearer, _ := rec.AdditionalEventData["callWithBearerToken"].(bool); bearer {
		return id.Arn, cloud.PrincipalAPIKey
	}
	switch id.Type {
	case "IAMUser":
		if strings.HasPrefix(id.AccessKeyID, "AKIA") {
			return id.Arn, cloud.PrincipalAccessKey
		}
		return id.Arn, cloud.PrincipalUser
	case "AssumedRole":
		if issuer := id.SessionContext.SessionIssuer.Arn; issuer != "" {
			return issuer, cloud.PrincipalRole
		}
		return RoleOfSession(id.Arn), cloud.PrincipalRole
	case "Root":
		return id.Arn, cloud.PrincipalRoot
	case "AWSService":
		return cloud.FirstNonEmpty(id.InvokedBy, rec.SourceIP), cloud.PrincipalService
	case "FederatedUser", "SAMLUser", "WebIdentityUser":
		return id.Arn, cloud.PrincipalFederated
	case "IdentityCenterUser":
		return cloud.FirstNonEmpty(id.Arn, id.UserName), cloud.PrincipalUser
	}
	if id.Arn != "" {
		return id.Arn, cloud.PrincipalUnknown
	}
	return "", cloud.PrincipalAnonymous
}

// RoleOfSession turns an assumed-role session ARN
// (arn:aws:sts::1:assumed-role/name/session) into its role's ARN.
func RoleOfSession(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[2] != "sts" || !strings.HasPrefix(parts[5], "assumed-role/") {
		return arn
	}
	segs := strings.Split(strings.TrimPrefix(parts[5], "assumed-role/"), "/")
	return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + segs[0]
}

// BedrockInvocation is one record of Bedrock model invocation logging read
// from its CloudWatch Logs group. Prompt and response bodies are never read
// into the row.
type BedrockInvocation struct {
	cloud.Activity
	LogGroupName    string `json:"log_group_name"`
	LogStreamName   string `json:"log_stream_name"`
	RequestID       string `json:"request_id"`
	IdentityArn     string `json:"identity_arn"`
	InferenceRegion string `json:"inference_region"`
	GuardrailAction string `json:"guardrail_action"`
	SchemaVersion   string `json:"schema_version"`
}

// InvocationFilter are the equality quals FilterLogEvents takes as a JSON
// filter pattern.
type InvocationFilter struct {
	ModelID, IdentityArn, Operation string
}

func (f InvocationFilter) pattern() string {
	var terms []string
	for _, t := range []struct{ field, v string }{{"$.modelId", f.ModelID}, {"$.identity.arn", f.IdentityArn}, {"$.operation", f.Operation}} {
		if t.v != "" {
			terms = append(terms, fmt.Sprintf("%s = %q", t.field, t.v))
		}
	}
	if len(terms) == 0 {
		return ""
	}
	return "{ " + strings.Join(terms, " && ") + " }"
}

// ListBedrockInvocations streams the invocation log records of the region's
// logging group (as GetModelInvocationLoggingConfiguration names it) in the
// window; a region that logs only to S3, or not at all, has none.
func ListBedrockInvocations(ctx context.Context, c *Clients, sc cloud.Scope, f InvocationFilter, w cloud.Window, bad func(error), emit func(*BedrockInvocation) bool) error {
	cfg, err := c.Bedrock.GetModelInvocationLoggingConfiguration(ctx, &bedrock.GetModelInvocationLoggingConfigurationInput{})
	if err != nil {
		return err
	}
	if cfg.LoggingConfig == nil || cfg.LoggingConfig.CloudWatchConfig == nil || aws.ToString(cfg.LoggingConfig.CloudWatchConfig.LogGroupName) == "" {
		return nil
	}
	group := aws.ToString(cfg.LoggingConfig.CloudWatchConfig.LogGroupName)
	in := &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String(group),
		StartTime: aws.Int64(w.Start.UnixMilli()), EndTime: aws.Int64(w.End.UnixMilli())}
	if p := f.pattern(); p != "" {
		in.FilterPattern = aws.String(p)
	}
	p := cloudwatchlogs.NewFilterLogEventsPaginator(c.Logs, in)
	return pages(ctx, p.HasMorePages, p.NextPage, func(o *cloudwatchlogs.FilterLogEventsOutput) []logEvent { return o.Events },
		func(e logEvent) bool {
			r, err := bedrockInvocation(sc, group, e)
			if err != nil {
				bad(err)
				return true
			}
			return emit(r)
		})
}

// invocationRecord is the part of a model invocation log record aispm reads
// (schemaType ModelInvocationLog); input and output bodies are skipped.
type invocationRecord struct {
	SchemaVersion   string `json:"schemaVersion"`
	Timestamp       string `json:"timestamp"`
	AccountID       string `json:"accountId"`
	Region          string `json:"region"`
	RequestID       string `json:"requestId"`
	Operation       string `json:"operation"`
	ModelID         string `json:"modelId"`
	InferenceRegion string `json:"inferenceRegion"`
	ErrorCode       string `json:"errorCode"`
	Identity        struct {
		Arn string `json:"arn"`
	} `json:"identity"`
	Input struct {
		InputTokenCount *int64 `json:"inputTokenCount"`
	} `json:"input"`
	Output struct {
		OutputTokenCount *int64 `json:"outputTokenCount"`
		Body             struct {
			GuardrailAction string `json:"amazon-bedrock-guardrailAction"`
			StopReason      string `json:"stopReason"`
		} `json:"outputBodyJson"`
	} `json:"output"`
}

func bedrockInvocation(sc cloud.Scope, group string, e logEvent) (*BedrockInvocation, error) {
	var rec invocationRecord
	if err := json.Unmarshal([]byte(aws.ToString(e.Message)), &rec); err != nil {
		return nil, fmt.Errorf("bedrock invocation log %s event %s: malformed record: %w", group, aws.ToString(e.EventId), err)
	}
	t, err := time.Parse(time.RFC3339Nano, rec.Timestamp)
	if err != nil {
		t = time.UnixMilli(aws.ToInt64(e.Timestamp))
	}
	r := &BedrockInvocation{LogGroupName: group, LogStreamName: aws.ToString(e.LogStreamName), RequestID: rec.RequestID,
		IdentityArn: rec.Identity.Arn, InferenceRegion: rec.InferenceRegion, SchemaVersion: rec.SchemaVersion}
	switch {
	case rec.Output.Body.GuardrailAction != "":
		r.GuardrailAction = rec.Output.Body.GuardrailAction
	case rec.Output.Body.StopReason == "guardrail_intervened":
		r.GuardrailAction = "INTERVENED"
	}
	a := &r.Activity
	a.Source, a.EventID, a.EventTime = "bedrock_invocation_log", cloud.FirstNonEmpty(rec.RequestID, aws.ToString(e.EventId)), t.UTC()
	a.Service, a.Operation, a.ModelID, a.ResourceID = "bedrock-runtime", rec.Operation, rec.ModelID, rec.ModelID
	a.ErrorCode, a.ReadOnly = rec.ErrorCode, cloud.Ptr(false)
	a.InputTokens, a.OutputTokens = rec.Input.InputTokenCount, rec.Output.OutputTokenCount
	a.Principal, a.PrincipalType = RoleOfSession(rec.Identity.Arn), identityType(rec.Identity.Arn)
	// The event keeps the record's metadata only: bodies hold prompts and completions.
	a.Event = map[string]any{"schemaVersion": rec.SchemaVersion, "timestamp": rec.Timestamp, "accountId": rec.AccountID,
		"region": rec.Region, "requestId": rec.RequestID, "operation": rec.Operation, "modelId": rec.ModelID,
		"identity": map[string]any{"arn": rec.Identity.Arn}, "inputTokenCount": rec.Input.InputTokenCount,
		"outputTokenCount": rec.Output.OutputTokenCount, "errorCode": rec.ErrorCode, "guardrailAction": r.GuardrailAction}
	a.Location, a.Scope = sc.Region, sc.AccountID
	a.FinishActivity()
	return r, nil
}

// identityType reads the principal type from an identity ARN.
func identityType(arn string) string {
	switch {
	case strings.Contains(arn, ":assumed-role/"):
		return cloud.PrincipalRole
	case strings.Contains(arn, ":user/"):
		return cloud.PrincipalUser
	case strings.HasSuffix(arn, ":root"):
		return cloud.PrincipalRoot
	case arn == "":
		return cloud.PrincipalAnonymous
	}
	return cloud.PrincipalUnknown
}
