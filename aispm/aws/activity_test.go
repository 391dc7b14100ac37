package aws

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

var scope = cloud.Scope{Cloud: cloud.AWS, AccountID: "111122223333", Region: "us-east-1"}

func TestCloudTrailEventPrincipals(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		record, principal, kind string
	}{
		{`{"eventName":"InvokeModel","eventSource":"bedrock.amazonaws.com","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a","accessKeyId":"AKIAEXAMPLE"}}`, "arn:aws:iam::1:user/a", cloud.PrincipalAccessKey},
		{`{"eventName":"InvokeModel","eventSource":"bedrock.amazonaws.com","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a","accessKeyId":"ASIAEXAMPLE"}}`, "arn:aws:iam::1:user/a", cloud.PrincipalUser},
		{`{"eventName":"InvokeModel","eventSource":"bedrock.amazonaws.com","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/app/s1"}}`, "arn:aws:iam::1:role/app", cloud.PrincipalRole},
		{`{"eventName":"InvokeModel","eventSource":"bedrock.amazonaws.com","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"},"additionalEventData":{"callWithBearerToken":true}}`, "arn:aws:iam::1:user/a", cloud.PrincipalAPIKey},
		{`{"eventName":"CreateEndpoint","eventSource":"sagemaker.amazonaws.com","userIdentity":{"type":"AWSService","invokedBy":"sagemaker.amazonaws.com"}}`, "sagemaker.amazonaws.com", cloud.PrincipalService},
		{`{"eventName":"ListFoundationModels","eventSource":"bedrock.amazonaws.com","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"}}`, "arn:aws:iam::1:root", cloud.PrincipalRoot},
		{`{"eventName":"ListFoundationModels","eventSource":"bedrock.amazonaws.com"}`, "", cloud.PrincipalAnonymous},
	}
	for _, c := range cases {
		r, err := cloudTrailEvent(scope, cttypes.Event{EventId: aws.String("e1"), EventTime: aws.Time(at), CloudTrailEvent: aws.String(c.record)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Principal != c.principal || r.PrincipalType != c.kind {
			t.Errorf("%s: principal %q (%s), want %q (%s)", c.record, r.Principal, r.PrincipalType, c.principal, c.kind)
		}
		if !r.EventTime.Equal(at) || r.Outcome != cloud.OutcomeSuccess {
			t.Errorf("time %v outcome %s", r.EventTime, r.Outcome)
		}
	}
}

func TestCloudTrailEventIsUntrusted(t *testing.T) {
	_, err := cloudTrailEvent(scope, cttypes.Event{EventId: aws.String("e-bad"), CloudTrailEvent: aws.String(`{"eventName":`)})
	if err == nil || !strings.Contains(err.Error(), "e-bad") || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("malformed record: %v", err)
	}
	if _, err := cloudTrailEvent(scope, cttypes.Event{EventId: aws.String("e-notime"), CloudTrailEvent: aws.String(`{"eventName":"X"}`)}); err == nil {
		t.Error("an event with no time is an error")
	}
	// Another service's credential is not an AI event.
	r, err := cloudTrailEvent(scope, cttypes.Event{EventId: aws.String("e2"), EventTime: aws.Time(time.Now()),
		CloudTrailEvent: aws.String(`{"eventName":"CreateServiceSpecificCredential","eventSource":"iam.amazonaws.com","requestParameters":{"serviceName":"codecommit.amazonaws.com"}}`)})
	if err != nil || r != nil {
		t.Errorf("a CodeCommit credential event: %v %v", r, err)
	}
	// Request parameters and responses are redacted; the finding names where.
	r, err = cloudTrailEvent(scope, cttypes.Event{EventId: aws.String("e3"), EventTime: aws.Time(time.Now()),
		CloudTrailEvent: aws.String(`{"eventName":"CreateServiceSpecificCredential","eventSource":"iam.amazonaws.com","requestParameters":{"serviceName":"bedrock.amazonaws.com"},"responseElements":{"serviceSpecificCredential":{"serviceApiKeyValue":"ABSKc2VjcmV0LXZhbHVl"}}}`)})
	if err != nil || len(r.Secrets) != 1 || r.Secrets[0].Where != "responseElements.serviceSpecificCredential.serviceApiKeyValue" {
		t.Fatalf("secrets %+v %v", r, err)
	}
	if strings.Contains(toJSON(t, r.Event), "ABSKc2VjcmV0LXZhbHVl") {
		t.Error("the key value is in the event")
	}
}

func TestBedrockInvocationDropsBodies(t *testing.T) {
	msg := `{"schemaVersion":"1.0","timestamp":"2026-01-02T03:04:05Z","requestId":"r1","operation":"Converse","modelId":"m",` +
		`"identity":{"arn":"arn:aws:sts::1:assumed-role/app/s"},"input":{"inputTokenCount":10,"inputBodyJson":{"messages":"my password is hunter2"}},` +
		`"output":{"outputTokenCount":3,"outputBodyJson":{"stopReason":"guardrail_intervened"}}}`
	r, err := bedrockInvocation(scope, "/g", cwtypes.FilteredLogEvent{EventId: aws.String("x"), Message: aws.String(msg)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Principal != "arn:aws:iam::1:role/app" || *r.InputTokens != 10 || *r.OutputTokens != 3 || r.GuardrailAction != "INTERVENED" {
		t.Errorf("%+v", r)
	}
	if strings.Contains(toJSON(t, r), "hunter2") {
		t.Error("a prompt body reached the row")
	}
	if _, err := bedrockInvocation(scope, "/g", cwtypes.FilteredLogEvent{EventId: aws.String("bad"), Message: aws.String("{")}); err == nil || !strings.Contains(err.Error(), "/g") {
		t.Errorf("malformed record: %v", err)
	}
}

func TestInvocationFilterPattern(t *testing.T) {
	if p := (InvocationFilter{ModelID: `a"b`, Operation: "Converse"}).pattern(); p != `{ $.modelId = "a\"b" && $.operation = "Converse" }` {
		t.Errorf("pattern %s", p)
	}
	if p := (InvocationFilter{}).pattern(); p != "" {
		t.Errorf("empty filter: %q", p)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Events are untrusted: no CloudTrail record or invocation log message, however
// malformed, panics the parser; each is an event or an error naming it.
func FuzzActivityEvent(f *testing.F) {
	f.Add(`{"eventName":"InvokeModel","eventSource":"bedrock.amazonaws.com","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/a/b"},"requestParameters":{"modelId":"m","x":[1,{"password":"p4ssw0rd!"}]}}`)
	f.Add(`{"eventName":"CreateServiceSpecificCredential","eventSource":"iam.amazonaws.com","requestParameters":null,"responseElements":"AKIA7Q2ZK4XN5RBVW6JM"}`)
	f.Add(`{"schemaVersion":"1.0","timestamp":"x","identity":{"arn":7},"input":{"inputTokenCount":"many"}}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, raw string) {
		r, err := cloudTrailEvent(scope, cttypes.Event{EventId: aws.String("f"), EventTime: aws.Time(time.Unix(1, 0)), CloudTrailEvent: aws.String(raw)})
		if err == nil && r != nil && r.EventID == "" {
			t.Errorf("an event without its id: %+v", r)
		}
		if _, err := bedrockInvocation(scope, "/g", cwtypes.FilteredLogEvent{EventId: aws.String("f"), Message: aws.String(raw)}); err != nil && !strings.Contains(err.Error(), "/g") {
			t.Errorf("the error does not name the log group: %v", err)
		}
	})
}
