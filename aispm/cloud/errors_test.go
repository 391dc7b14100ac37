package cloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/aws/smithy-go"
	"google.golang.org/api/googleapi"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func grpcErr(c codes.Code, details ...*errdetails.ErrorInfo) error {
	st := status.New(c, "boom")
	for _, d := range details {
		st, _ = st.WithDetails(d)
	}
	return st.Err()
}

func TestClassify(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Class
	}{
		{"nil", nil, ClassNone},
		{"aws access denied", &smithy.GenericAPIError{Code: "AccessDeniedException"}, ClassDenied},
		{"aws throttling", &smithy.GenericAPIError{Code: "ThrottlingException"}, ClassThrottled},
		{"aws opt-in region", &smithy.GenericAPIError{Code: "OptInRequired"}, ClassDisabled},
		{"aws not found", &smithy.GenericAPIError{Code: "ResourceNotFound"}, ClassNotFound},
		{"aws validation", &smithy.GenericAPIError{Code: "ValidationException"}, ClassInvalid},
		{"aws unknown code", &smithy.GenericAPIError{Code: "SomethingNew"}, ClassOther},
		{"aws wrapped", fmt.Errorf("list: %w", &smithy.GenericAPIError{Code: "AccessDenied"}), ClassDenied},
		{"azure 403", &azcore.ResponseError{StatusCode: http.StatusForbidden, ErrorCode: "AuthorizationFailed"}, ClassDenied},
		{"azure 404", &azcore.ResponseError{StatusCode: http.StatusNotFound, ErrorCode: "ResourceNotFound"}, ClassNotFound},
		{"azure 429", &azcore.ResponseError{StatusCode: http.StatusTooManyRequests}, ClassThrottled},
		{"azure provider not registered", &azcore.ResponseError{StatusCode: http.StatusConflict, ErrorCode: "MissingSubscriptionRegistration"}, ClassDisabled},
		{"azure 503", &azcore.ResponseError{StatusCode: http.StatusServiceUnavailable}, ClassUnavailable},
		{"google json api 403", &googleapi.Error{Code: http.StatusForbidden}, ClassDenied},
		{"google json api 404", &googleapi.Error{Code: http.StatusNotFound}, ClassNotFound},
		{"grpc permission denied", grpcErr(codes.PermissionDenied), ClassDenied},
		{"grpc api disabled", grpcErr(codes.PermissionDenied, &errdetails.ErrorInfo{Reason: "SERVICE_DISABLED"}), ClassDisabled},
		{"grpc other reason", grpcErr(codes.PermissionDenied, &errdetails.ErrorInfo{Reason: "IAM_PERMISSION_DENIED"}), ClassDenied},
		{"grpc not found", grpcErr(codes.NotFound), ClassNotFound},
		{"grpc exhausted", grpcErr(codes.ResourceExhausted), ClassThrottled},
		{"grpc unimplemented", grpcErr(codes.Unimplemented), ClassDisabled},
		{"canceled", context.Canceled, ClassCanceled},
		{"deadline", context.DeadlineExceeded, ClassUnavailable},
		{"scope error", &ScopeError{Class: ClassDenied, Err: errors.New("x")}, ClassDenied},
		{"plain error", errors.New("access denied"), ClassOther}, // text is never matched
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Classify(c.err); got != c.want {
				t.Errorf("Classify(%v) = %s, want %s", c.err, got, c.want)
			}
		})
	}
}

func TestScopeString(t *testing.T) {
	cases := map[string]Scope{
		"111122223333/us-east-1": {Cloud: AWS, AccountID: "111122223333", Region: "us-east-1"},
		"sub":                    {Cloud: Azure, SubscriptionID: "sub"},
		"proj/us-central1":       {Cloud: GCP, Project: "proj", Location: "us-central1"},
		"proj":                   {Cloud: GCP, Project: "proj"},
		"":                       {Cloud: AWS},
	}
	for want, s := range cases {
		if got := s.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", s, got, want)
		}
		if back := ScopeFromMatrix(s.MatrixItem()); back != s {
			t.Errorf("matrix round trip of %+v gave %+v", s, back)
		}
	}
}

func TestBackoffIsBoundedAndGrows(t *testing.T) {
	r := Retry{MaxAttempts: 5, BaseDelay: 100e6}
	for attempt := 1; attempt <= 40; attempt++ {
		d := r.Backoff(attempt)
		ceiling := min(r.BaseDelay<<min(attempt-1, 20), MaxDelay)
		if d < ceiling/2 || d > ceiling {
			t.Fatalf("attempt %d: %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
		}
	}
}
