package sim

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/aispm/aispm/internal/estate"
)

var sigv4Scope = regexp.MustCompile(`Credential=([^/,\s]+)/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

type awsCall struct {
	account *estate.AWSAccount
	region  string
	service string
	op      string
	body    map[string]any
}

type awsError struct {
	status int
	code   string
	msg    string
}

func (s *Server) serveAWS(w http.ResponseWriter, r *http.Request) {
	m := sigv4Scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		writeAWSJSONError(w, awsError{http.StatusForbidden, "IncompleteSignature", "malformed SigV4 Authorization header"})
		return
	}
	c := &awsCall{region: m[2], service: m[3]}
	for _, a := range s.Estate.AWS.Accounts {
		if a.AccessKeyID == m[1] {
			c.account = a
		}
	}
	if c.account == nil {
		s.record(Call{Cloud: "aws", Service: c.service, Operation: "?", Scope: c.region, Outcome: "denied"})
		s.awsFail(w, c, awsError{http.StatusForbidden, "UnrecognizedClientException", "The security token included in the request is invalid."})
		return
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	switch c.service {
	case "sts":
		vals := parseForm(string(raw))
		c.op = vals["Action"]
	default:
		c.op = strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "SageMaker.")
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &c.body); err != nil {
				s.awsFail(w, c, awsError{http.StatusBadRequest, "SerializationException", err.Error()})
				return
			}
		}
	}
	scope := c.account.ID + "/" + c.region
	reg := c.account.Regions[c.region]
	var denied, disabled bool
	if reg != nil {
		denied, disabled = estate.Has(reg.Deny, c.service), estate.Has(reg.Disable, c.service)
	}
	outcome := s.fault(r.Context(), "aws", scope, c.service, denied, disabled)
	if c.service == "sts" && (outcome == "denied" || outcome == "disabled") && c.op == "GetCallerIdentity" {
		// GetCallerIdentity needs no permission and no IAM policy can deny it.
		outcome = ""
	}
	s.record(Call{Cloud: "aws", Service: c.service, Operation: c.op, Scope: scope, Outcome: orOK(outcome)})
	switch outcome {
	case "denied":
		s.awsFail(w, c, awsError{http.StatusBadRequest, "AccessDeniedException", fmt.Sprintf("User: arn:aws:iam::%s:user/aispm is not authorized to perform: %s:%s in %s", c.account.ID, c.service, c.op, c.region)})
		return
	case "disabled":
		s.awsFail(w, c, awsError{http.StatusForbidden, "OptInRequired", "The region " + c.region + " is not enabled for this account."})
		return
	case "throttled":
		s.awsFail(w, c, awsError{http.StatusBadRequest, "ThrottlingException", "Rate exceeded"})
		return
	}
	switch c.service {
	case "sts":
		s.serveSTS(w, c)
	case "sagemaker":
		out, aerr := s.sagemaker(c, reg)
		if aerr != nil {
			s.awsFail(w, c, *aerr)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(awsWire(out))
	default:
		s.awsFail(w, c, awsError{http.StatusBadRequest, "UnknownOperationException", "aispm sim does not serve " + c.service})
	}
}

func orOK(s string) string {
	if s == "" {
		return "ok"
	}
	return s
}

func (s *Server) awsFail(w http.ResponseWriter, c *awsCall, e awsError) {
	if c.service == "sts" {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(e.status)
		_ = xml.NewEncoder(w).Encode(struct {
			XMLName xml.Name `xml:"ErrorResponse"`
			Error   struct {
				Type    string
				Code    string
				Message string
			}
			RequestID string `xml:"RequestId"`
		}{Error: struct{ Type, Code, Message string }{"Sender", e.code, e.msg}, RequestID: "sim"})
		return
	}
	writeAWSJSONError(w, e)
}

func writeAWSJSONError(w http.ResponseWriter, e awsError) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": e.code, "message": e.msg})
}

func (s *Server) serveSTS(w http.ResponseWriter, c *awsCall) {
	if c.op != "GetCallerIdentity" {
		s.awsFail(w, c, awsError{http.StatusBadRequest, "InvalidAction", "aispm sim does not serve sts:" + c.op})
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>`+
		`<Arn>arn:aws:iam::%[1]s:user/aispm-reader</Arn><UserId>AIDASIM%[1]s</UserId><Account>%[1]s</Account>`+
		`</GetCallerIdentityResult><ResponseMetadata><RequestId>sim</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, c.account.ID)
}

func (s *Server) sagemaker(c *awsCall, reg *estate.AWSRegion) (any, *awsError) {
	var sm map[string][]estate.Item
	if reg != nil {
		sm = reg.Services["sagemaker"]
	}
	str := func(k string) string { v, _ := c.body[k].(string); return v }
	num := func(k string) int { v, _ := c.body[k].(float64); return int(v) }
	find := func(col, field, name string) estate.Item {
		for _, it := range sm[col] {
			if it[field] == name {
				return it
			}
		}
		return nil
	}
	switch c.op {
	case "ListEndpoints":
		var match []estate.Item
		for _, it := range sm["endpoints"] {
			if st := str("StatusEquals"); st != "" && it["EndpointStatus"] != st {
				continue
			}
			if nc := str("NameContains"); nc != "" && !strings.Contains(it["EndpointName"].(string), nc) {
				continue
			}
			match = append(match, it)
		}
		start, end, next, err := s.page(len(match), num("MaxResults"), 10, str("NextToken"))
		if err != nil {
			return nil, &awsError{http.StatusBadRequest, "ValidationException", err.Error()}
		}
		out := []any{}
		for _, it := range match[start:end] {
			out = append(out, pick(it, "EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus"))
		}
		return withNext(map[string]any{"Endpoints": out}, next), nil
	case "DescribeEndpoint":
		if it := find("endpoints", "EndpointName", str("EndpointName")); it != nil {
			return estate.Public(it), nil
		}
		return nil, &awsError{http.StatusBadRequest, "ValidationException", "Could not find endpoint \"" + str("EndpointName") + "\"."}
	case "DescribeEndpointConfig":
		if it := find("endpoint_configs", "EndpointConfigName", str("EndpointConfigName")); it != nil {
			return estate.Public(it), nil
		}
		return nil, &awsError{http.StatusBadRequest, "ValidationException", "Could not find endpoint configuration \"" + str("EndpointConfigName") + "\"."}
	case "ListTags":
		arn := str("ResourceArn")
		for _, items := range sm {
			for _, it := range items {
				if it["EndpointArn"] == arn || it["EndpointConfigArn"] == arn {
					tags := []any{}
					m, _ := it[estate.KeyTags].(map[string]any)
					for _, k := range sortedKeys(m) {
						tags = append(tags, map[string]any{"Key": k, "Value": m[k]})
					}
					start, end, next, err := s.page(len(tags), num("MaxResults"), 50, str("NextToken"))
					if err != nil {
						return nil, &awsError{http.StatusBadRequest, "ValidationException", err.Error()}
					}
					return withNext(map[string]any{"Tags": tags[start:end]}, next), nil
				}
			}
		}
		return nil, &awsError{http.StatusBadRequest, "ValidationException", "Resource " + arn + " does not exist."}
	}
	return nil, &awsError{http.StatusBadRequest, "UnknownOperationException", "aispm sim does not serve sagemaker:" + c.op}
}

func withNext(m map[string]any, next string) map[string]any {
	if next != "" {
		m["NextToken"] = next
	}
	return m
}

func pick(it estate.Item, keys ...string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := it[k]; ok {
			out[k] = v
		}
	}
	return out
}

// awsWire renders RFC 3339 strings under *Time keys as the epoch seconds AWS JSON uses.
func awsWire(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if s, ok := val.(string); ok && strings.HasSuffix(k, "Time") {
				if t, err := time.Parse(time.RFC3339, s); err == nil {
					out[k] = float64(t.Unix())
					continue
				}
			}
			out[k] = awsWire(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = awsWire(val)
		}
		return out
	}
	return v
}

func parseForm(body string) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(body, "&") {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = v
	}
	return out
}
