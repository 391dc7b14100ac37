package azure

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/aispm/aispm/aispm/cloud"
)

// ARM is the quota service name of Azure Resource Manager: its read quota
// is per subscription, whatever the provider.
const ARM = "arm"

// httpClient is every Azure pipeline's transport: one connection pool,
// its idle pool sized to the calls aispm has in flight per host.
var httpClient = func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = cloud.IdleConns, cloud.IdleConnsPerHost
	return &http.Client{Transport: t}
}()

var subscriptionPath = regexp.MustCompile(`(?i)^/subscriptions/([^/]+)`)

// quotaPolicy makes every attempt of a call wait for its quota (per
// subscription for Resource Manager, per host for a data plane) and tells
// the quota whether Azure answered 429.
type quotaPolicy struct{ service string }

func (q quotaPolicy) Do(req *policy.Request) (*http.Response, error) {
	raw := req.Raw()
	scope := strings.ToLower(raw.URL.Host)
	if q.service == ARM {
		if m := subscriptionPath.FindStringSubmatch(raw.URL.Path); m != nil {
			scope = strings.ToLower(m[1])
		}
	}
	var res *http.Response
	err := cloud.Limited(raw.Context(), cloud.Azure, scope, q.service, "", func() (bool, error) {
		var err error
		res, err = req.Next()
		return err == nil && res.StatusCode == http.StatusTooManyRequests, err
	})
	return res, err
}
