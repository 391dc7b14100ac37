package cloud

import (
	"context"
	"errors"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/aws/smithy-go"
	"google.golang.org/api/googleapi"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Class is what an error means to a scan, independent of the SDK that raised it.
type Class string

const (
	ClassNone        Class = "ok"
	ClassNotFound    Class = "not_found"
	ClassDenied      Class = "denied"
	ClassDisabled    Class = "disabled"
	ClassThrottled   Class = "throttled"
	ClassInvalid     Class = "invalid"
	ClassUnavailable Class = "unavailable"
	ClassCanceled    Class = "canceled"
	ClassOther       Class = "error"
)

// AWS error codes by class. Matching is on the typed smithy.APIError code.
var awsCodes = map[string]Class{
	"AccessDenied":                  ClassDenied,
	"AccessDeniedException":         ClassDenied,
	"UnauthorizedOperation":         ClassDenied,
	"UnauthorizedException":         ClassDenied,
	"AuthFailure":                   ClassDenied,
	"UnrecognizedClientException":   ClassDenied,
	"InvalidClientTokenId":          ClassDenied,
	"ExpiredToken":                  ClassDenied,
	"ExpiredTokenException":         ClassDenied,
	"SignatureDoesNotMatch":         ClassDenied,
	"OptInRequired":                 ClassDisabled,
	"SubscriptionRequiredException": ClassDisabled,
	"InvalidAction":                 ClassDisabled,
	"ResourceNotFound":              ClassNotFound,
	"ResourceNotFoundException":     ClassNotFound,
	"NotFoundException":             ClassNotFound,
	"NoSuchEntity":                  ClassNotFound,
	"NoSuchKey":                     ClassNotFound,
	"NoSuchBucket":                  ClassNotFound,
	"Throttling":                    ClassThrottled,
	"ThrottlingException":           ClassThrottled,
	"ThrottledException":            ClassThrottled,
	"TooManyRequestsException":      ClassThrottled,
	"RequestLimitExceeded":          ClassThrottled,
	"ServiceQuotaExceededException": ClassThrottled,
	"ValidationException":           ClassInvalid,
	"InvalidParameterValue":         ClassInvalid,
	"ServiceUnavailable":            ClassUnavailable,
	"ServiceUnavailableException":   ClassUnavailable,
	"InternalServerException":       ClassUnavailable,
	"InternalFailure":               ClassUnavailable,
}

// Azure error codes that refine a status code.
var azureCodes = map[string]Class{
	"MissingSubscriptionRegistration": ClassDisabled,
	"SubscriptionNotRegistered":       ClassDisabled,
	"DisallowedProvider":              ClassDisabled,
	"SubscriptionNotFound":            ClassDenied,
	"InvalidAuthenticationToken":      ClassDenied,
	"AuthorizationFailed":             ClassDenied,
}

var grpcCodes = map[codes.Code]Class{
	codes.NotFound:           ClassNotFound,
	codes.PermissionDenied:   ClassDenied,
	codes.Unauthenticated:    ClassDenied,
	codes.Unimplemented:      ClassDisabled,
	codes.ResourceExhausted:  ClassThrottled,
	codes.Unavailable:        ClassUnavailable,
	codes.InvalidArgument:    ClassInvalid,
	codes.FailedPrecondition: ClassInvalid,
	codes.Canceled:           ClassCanceled,
	codes.DeadlineExceeded:   ClassUnavailable,
}

// Classify maps an error from any of the three SDKs to a Class. It never looks
// at error text: only typed codes and status values.
func Classify(err error) Class {
	if err == nil {
		return ClassNone
	}
	var scopeErr *ScopeError
	if errors.As(err, &scopeErr) {
		return scopeErr.Class
	}
	if errors.Is(err, context.Canceled) {
		return ClassCanceled
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		if c, ok := awsCodes[api.ErrorCode()]; ok {
			return c
		}
		return ClassOther
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return httpClass(ge.Code)
	}
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		if c, ok := azureCodes[re.ErrorCode]; ok {
			return c
		}
		return httpClass(re.StatusCode)
	}
	if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown {
		if st.Code() == codes.PermissionDenied && serviceDisabled(st) {
			return ClassDisabled
		}
		if c, ok := grpcCodes[st.Code()]; ok {
			return c
		}
		return ClassOther
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ClassUnavailable
	}
	return ClassOther
}

func httpClass(code int) Class {
	switch {
	case code == http.StatusNotFound:
		return ClassNotFound
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return ClassDenied
	case code == http.StatusTooManyRequests:
		return ClassThrottled
	case code == http.StatusBadRequest || code == http.StatusConflict:
		return ClassInvalid
	case code >= 500:
		return ClassUnavailable
	}
	return ClassOther
}

// serviceDisabled reports a Google "API not enabled" error: PERMISSION_DENIED
// carrying an ErrorInfo whose reason is SERVICE_DISABLED.
func serviceDisabled(st *status.Status) bool {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetReason() == "SERVICE_DISABLED" {
			return true
		}
	}
	return false
}

// IsNotFound reports whether err means the requested resource does not exist.
func IsNotFound(err error) bool { return Classify(err) == ClassNotFound }

// ScopeError is an error already attributed to a scope and class, for failures
// that are not SDK errors (a scope that could not be discovered, say).
type ScopeError struct {
	Class Class
	Err   error
}

func (e *ScopeError) Error() string { return e.Err.Error() }
func (e *ScopeError) Unwrap() error { return e.Err }
