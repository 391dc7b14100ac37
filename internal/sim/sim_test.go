package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"github.com/aispm/aispm/internal/estate"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func startDemo(t *testing.T, opts Options) *Server {
	t.Helper()
	e, err := estate.Load("demo")
	if err != nil {
		t.Fatal(err)
	}
	s := New(e, opts)
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRefusesNonLoopback(t *testing.T) {
	s := New(&estate.Estate{}, Options{})
	if err := s.Start("0.0.0.0:0"); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("listening on 0.0.0.0 gave %v", err)
	}
}

func armGet(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

func TestARMPagesWithNextLink(t *testing.T) {
	s := startDemo(t, Options{PageSize: 1})
	url := s.URL() + "/subscriptions/6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b/providers/Microsoft.CognitiveServices/accounts?api-version=2024-10-01"
	var names []string
	for url != "" {
		code, body := armGet(t, url)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %v", url, code, body)
		}
		for _, v := range body["value"].([]any) {
			names = append(names, v.(map[string]any)["name"].(string))
		}
		url, _ = body["nextLink"].(string)
	}
	if strings.Join(names, ",") != "acme-openai-prod,acme-aiservices-shared" {
		t.Errorf("paged names %v", names)
	}
	code, body := armGet(t, s.URL()+"/subscriptions/6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b/resourceGroups/rg-ai-prod/providers/Microsoft.CognitiveServices/accounts/nope?api-version=2024-10-01")
	if code != http.StatusNotFound {
		t.Errorf("missing account: %d %v", code, body)
	}
	for _, it := range body {
		if strings.Contains(fmt.Sprint(it), "sim-secret") {
			t.Error("an error leaked a secret")
		}
	}
}

func TestFaultSpecs(t *testing.T) {
	cases := []struct {
		spec                  string
		cloud, scope, service string
		want                  bool
	}{
		{"aws:1/eu-west-1", "aws", "1/eu-west-1", "sagemaker", true},
		{"aws:1", "aws", "1/eu-west-1", "sagemaker", true},
		{"aws:1/eu-west-1", "aws", "1/eu-west-10", "sagemaker", false},
		{"aws:1/eu-west-1:bedrock", "aws", "1/eu-west-1", "sagemaker", false},
		{"gcp:p", "gcp", "p/us-central1", "aiplatform", true},
		{"azure:s", "aws", "s", "x", false},
	}
	for _, c := range cases {
		if got := matchScope([]string{c.spec}, c.cloud, c.scope, c.service); got != c.want {
			t.Errorf("matchScope(%q, %s %s %s) = %v", c.spec, c.cloud, c.scope, c.service, got)
		}
	}
}

func TestReadOnly(t *testing.T) {
	for _, c := range []struct {
		call Call
		want bool
	}{
		{Call{Cloud: "aws", Operation: "ListEndpoints"}, true},
		{Call{Cloud: "aws", Operation: "DescribeEndpoint"}, true},
		{Call{Cloud: "aws", Operation: "DeleteEndpoint"}, false},
		{Call{Cloud: "aws", Operation: "PUTObject"}, false},
		{Call{Cloud: "azure", Operation: "GET Microsoft.CognitiveServices/accounts"}, true},
		{Call{Cloud: "azure", Operation: "POST Microsoft.CognitiveServices/accounts/listKeys"}, false},
		{Call{Cloud: "gcp", Operation: "/google.cloud.aiplatform.v1.EndpointService/GetEndpoint"}, true},
		{Call{Cloud: "gcp", Operation: "/google.cloud.aiplatform.v1.EndpointService/DeployModel"}, false},
	} {
		if got := ReadOnly(c.call); got != c.want {
			t.Errorf("ReadOnly(%+v) = %v", c.call, got)
		}
	}
}

// Concurrent calls over every protocol on the one port, with throttling on:
// every call is recorded once, and (under -race) nothing races.
func TestConcurrentProtocolsOnOnePort(t *testing.T) {
	s := startDemo(t, Options{Throttle: 0.2, Latency: 1e6})
	conn, err := grpc.NewClient(s.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	vertex := aiplatformpb.NewEndpointServiceClient(conn)
	const each = 20
	var wg sync.WaitGroup
	for i := range each {
		wg.Add(3)
		go func() {
			defer wg.Done()
			res, err := http.Get(s.URL() + "/subscriptions?api-version=2022-12-01")
			if err == nil {
				res.Body.Close()
			}
		}()
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader("{}"))
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIASIMACME000000001/20250101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=x")
			req.Header.Set("X-Amz-Target", "SageMaker.ListEndpoints")
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				res.Body.Close()
			}
		}()
		go func() {
			defer wg.Done()
			_, _ = vertex.ListEndpoints(context.Background(), &aiplatformpb.ListEndpointsRequest{Parent: fmt.Sprintf("projects/acme-ml-prod/locations/us-central1/x%d", i)[:len("projects/acme-ml-prod/locations/us-central1")]})
		}()
	}
	wg.Wait()
	per := map[string]int{}
	for _, c := range s.Calls() {
		per[c.Cloud]++
	}
	if per["aws"] != each || per["azure"] != each || per["gcp"] != each {
		t.Errorf("recorded calls per cloud %v, want %d each", per, each)
	}
	if s.MaxInFlight() < 2 {
		t.Errorf("calls never overlapped (max in flight %d)", s.MaxInFlight())
	}
}
