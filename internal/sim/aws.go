package sim

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aispm/aispm/internal/estate"
)

var sigv4Scope = regexp.MustCompile(`Credential=([^/,\s]+)/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request`)

// awsCall is one AWS request: who, where, which service and operation.
type awsCall struct {
	account *estate.AWSAccount
	region  string // the region of the data served ("global" for iam and s3)
	service string // the service name in the estate and the call log
	op      string
	body    map[string]any
	query   map[string]string
	r       *http.Request
}

type awsError struct {
	status int
	code   string
	msg    string
}

// awsProtocol is how a service speaks on the wire.
type awsProtocol int

const (
	protoJSON     awsProtocol = iota // JSON 1.1, X-Amz-Target (sagemaker, logs, kms)
	protoRESTJSON                    // REST + JSON (bedrock, bedrock-agent)
	protoQuery                       // query form in, XML out (sts, iam)
	protoRESTXML                     // REST + XML (s3)
)

var awsProtocols = map[string]awsProtocol{
	"sagemaker": protoJSON, "logs": protoJSON, "kms": protoJSON, "cloudtrail": protoJSON, "bedrock": protoRESTJSON, "bedrock-agent": protoRESTJSON,
	"sts": protoQuery, "iam": protoQuery, "s3": protoRESTXML, "s3control": protoRESTXML,
}

func (s *Server) serveAWS(w http.ResponseWriter, r *http.Request) {
	m := sigv4Scope.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		writeAWSJSONError(w, awsError{http.StatusForbidden, "IncompleteSignature", "malformed SigV4 Authorization header"})
		return
	}
	c := &awsCall{region: m[2], service: m[3], r: r, query: map[string]string{}}
	for k, v := range r.URL.Query() {
		c.query[k] = v[0]
	}
	for _, a := range s.Estate.AWS.Accounts {
		if a.AccessKeyID == m[1] {
			c.account = a
		}
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	switch c.service {
	case "sts", "iam":
		vals := parseForm(string(raw))
		c.op = vals["Action"]
		c.query = vals
		if c.service == "iam" {
			c.region = estate.AWSGlobal
		}
	case "s3":
		c.region = estate.AWSGlobal
		c.op = s3Operation(r)
		if strings.HasPrefix(r.URL.Path, "/v20180820/") { // S3 Control signs as s3 too
			c.service, c.op = "s3control", s3ControlOperation(r)
		}
	case "bedrock":
		// Bedrock and Bedrock Agents both sign as "bedrock": the path tells them apart.
		if isBedrockAgentPath(r.URL.Path) {
			c.service = "bedrock-agent"
		}
		c.op = restOpName(c.service, r)
		fallthrough
	default:
		if c.op == "" {
			target := r.Header.Get("X-Amz-Target")
			c.op = target[strings.LastIndex(target, ".")+1:]
		}
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &c.body); err != nil {
				s.awsFail(w, c, awsError{http.StatusBadRequest, "SerializationException", err.Error()})
				return
			}
		}
	}
	if c.account == nil {
		s.record(Call{Cloud: "aws", Service: c.service, Operation: c.op, Scope: c.region, Outcome: "denied"})
		s.awsFail(w, c, awsError{http.StatusForbidden, "UnrecognizedClientException", "The security token included in the request is invalid."})
		return
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
	s.record(Call{Cloud: "aws", Service: c.service, Operation: c.op, Scope: scope, Outcome: orOK(outcome), Filters: c.filters()})
	switch outcome {
	case "denied":
		s.awsFail(w, c, awsError{http.StatusForbidden, "AccessDeniedException", fmt.Sprintf("User: arn:aws:iam::%s:user/aispm is not authorized to perform: %s:%s in %s", c.account.ID, c.service, c.op, c.region)})
		return
	case "disabled":
		s.awsFail(w, c, awsError{http.StatusForbidden, "OptInRequired", "The region " + c.region + " is not enabled for this account."})
		return
	case "throttled":
		s.awsFail(w, c, awsError{http.StatusTooManyRequests, "ThrottlingException", "Rate exceeded"})
		return
	}
	var data map[string][]estate.Item
	if reg != nil {
		data = reg.Services[c.service]
	}
	var out any
	var aerr *awsError
	switch c.service {
	case "sts":
		s.serveSTS(w, c)
		return
	case "iam":
		s.serveIAM(w, c, data)
		return
	case "s3":
		s.serveS3(w, c, data)
		return
	case "s3control":
		s.serveS3Control(w, c, data)
		return
	case "sagemaker", "logs", "kms":
		out, aerr = s.jsonOperation(c, data)
		if aerr == nil {
			out = awsWire(out) // JSON 1.1 timestamps are epoch seconds
		}
	case "cloudtrail":
		out, aerr = s.lookupEvents(c, data)
		if aerr == nil {
			out = awsWire(out)
		}
	case "bedrock", "bedrock-agent":
		out, aerr = s.restOperation(c, data)
	default:
		aerr = &awsError{http.StatusBadRequest, "UnknownOperationException", "aispm sim does not serve " + c.service}
	}
	if aerr != nil {
		s.awsFail(w, c, *aerr)
		return
	}
	ct := "application/x-amz-json-1.1"
	if awsProtocols[c.service] == protoRESTJSON {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	_ = json.NewEncoder(w).Encode(out)
}

func orOK(s string) string {
	if s == "" {
		return "ok"
	}
	return s
}

func (s *Server) awsFail(w http.ResponseWriter, c *awsCall, e awsError) {
	switch awsProtocols[c.service] {
	case protoQuery:
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
	case protoRESTXML:
		code := e.code
		switch code {
		case "AccessDeniedException", "OptInRequired":
			code = "AccessDenied"
		case "ThrottlingException":
			code, e.status = "SlowDown", http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(e.status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>sim</RequestId></Error>`, code, xmlEscape(e.msg))
	default:
		writeAWSJSONError(w, e)
	}
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

// listSpec describes a paged list operation over an estate collection.
type listSpec struct {
	collection string
	key        string                           // the response's list member
	summary    func(estate.Item) any            // the list shape of an item
	keep       func(*awsCall, estate.Item) bool // request filters
	pageSize   string                           // request member carrying the page size
	token      string                           // request/response member carrying the page token
	defSize    int
	maxSize    int // the largest page the API accepts (0: any)
}

// getSpec describes a Describe/Get operation: the request member naming the
// item, matched against the item's fields.
type getSpec struct {
	collection string
	param      string
	fields     []string
	wrap       string // the response member holding the item ("" for the item itself)
	notFound   awsError
}

func fields(keys ...string) func(estate.Item) any {
	return func(it estate.Item) any { return pick(it, keys...) }
}

func equals(param, field string) func(*awsCall, estate.Item) bool {
	return func(c *awsCall, it estate.Item) bool {
		v := c.str(param)
		return v == "" || it[field] == v
	}
}

func (c *awsCall) str(k string) string {
	if v, ok := c.body[k].(string); ok {
		return v
	}
	return c.query[k]
}

func (c *awsCall) num(k string) int {
	if v, ok := c.body[k].(float64); ok {
		return int(v)
	}
	var n int
	_, _ = fmt.Sscanf(c.query[k], "%d", &n)
	return n
}

// paging and protocol parameters, which do not narrow a list.
var notFilters = map[string]bool{"MaxResults": true, "NextToken": true, "maxResults": true, "nextToken": true, "limit": true,
	"Action": true, "Version": true, "Marker": true, "MaxItems": true, "ModelPackageType": true}

func (c *awsCall) filters() []string {
	var out []string
	for k := range c.body {
		if !notFilters[k] {
			out = append(out, k)
		}
	}
	// CloudTrail's lookup attribute: which one a call used.
	if attrs, ok := c.body["LookupAttributes"].([]any); ok {
		for _, a := range attrs {
			if m, ok := a.(map[string]any); ok {
				out = append(out, "LookupAttributes."+fmt.Sprint(m["AttributeKey"]))
			}
		}
	}
	for k := range c.query {
		if !notFilters[k] && c.service != "s3" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// createdIn applies CreationTimeAfter/Before (JSON 1.1: epoch seconds in the
// body; REST: RFC 3339 in the query) to an item's creation time.
func (c *awsCall) createdIn(it estate.Item) bool {
	created, _ := it["CreationTime"].(string)
	if created == "" {
		created, _ = it["creationTime"].(string)
	}
	t, err := time.Parse(time.RFC3339, created)
	if err != nil {
		return true
	}
	bound := func(upper, lower string) (time.Time, bool) {
		if v, ok := c.body[upper].(float64); ok {
			return time.Unix(int64(v), 0), true
		}
		for _, k := range []string{upper, lower} {
			if v := c.query[k]; v != "" {
				if b, err := time.Parse(time.RFC3339, v); err == nil {
					return b, true
				}
			}
		}
		return time.Time{}, false
	}
	if after, ok := bound("CreationTimeAfter", "creationTimeAfter"); ok && !t.After(after) {
		return false
	}
	if before, ok := bound("CreationTimeBefore", "creationTimeBefore"); ok && !t.Before(before) {
		return false
	}
	return true
}

func notFound(code, what string) awsError {
	status := http.StatusBadRequest
	if code == "ResourceNotFoundException" || code == "ResourceNotFound" {
		status = http.StatusNotFound
	}
	return awsError{status, code, what + " not found."}
}

func (s *Server) list(c *awsCall, data map[string][]estate.Item, spec listSpec) (any, *awsError) {
	var match []any
	for _, it := range data[spec.collection] {
		if c.createdIn(it) && (spec.keep == nil || spec.keep(c, it)) {
			match = append(match, spec.summary(it))
		}
	}
	if n := c.num(spec.pageSize); spec.maxSize > 0 && n > spec.maxSize {
		return nil, &awsError{http.StatusBadRequest, "ValidationException", fmt.Sprintf("1 validation error detected: Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d", n, spec.pageSize, spec.maxSize)}
	}
	start, end, next, err := s.page(len(match), c.num(spec.pageSize), spec.defSize, c.str(spec.token))
	if err != nil {
		return nil, &awsError{http.StatusBadRequest, "ValidationException", err.Error()}
	}
	out := map[string]any{spec.key: append([]any{}, match[start:end]...)}
	if next != "" {
		out[spec.token] = next
	}
	return out, nil
}

func (s *Server) get(c *awsCall, data map[string][]estate.Item, spec getSpec, id string) (any, *awsError) {
	if id == "" {
		id = c.str(spec.param)
	}
	for _, it := range data[spec.collection] {
		for _, f := range spec.fields {
			if v, ok := it[f].(string); ok && v == id {
				if spec.wrap != "" {
					return map[string]any{spec.wrap: estate.Public(it)}, nil
				}
				return estate.Public(it), nil
			}
		}
	}
	e := spec.notFound
	e.msg = strings.TrimSuffix(e.msg, ".") + ": " + id
	return nil, &e
}

// jsonOps are the JSON 1.1 operations served (SageMaker and CloudWatch Logs).
var jsonLists = map[string]listSpec{
	"ListEndpoints": {collection: "endpoints", key: "Endpoints", pageSize: "MaxResults", token: "NextToken", defSize: 10, maxSize: 100,
		summary: fields("EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime", "EndpointStatus"),
		keep: func(c *awsCall, it estate.Item) bool {
			return equals("StatusEquals", "EndpointStatus")(c, it) && strings.Contains(fmt.Sprint(it["EndpointName"]), c.str("NameContains"))
		}},
	"ListModels": {collection: "models", key: "Models", pageSize: "MaxResults", token: "NextToken", defSize: 10, maxSize: 100,
		summary: fields("ModelName", "ModelArn", "CreationTime")},
	"ListNotebookInstances": {collection: "notebook_instances", key: "NotebookInstances", pageSize: "MaxResults", token: "NextToken", defSize: 10, maxSize: 100,
		summary: fields("NotebookInstanceName", "NotebookInstanceArn", "NotebookInstanceStatus", "Url", "InstanceType", "CreationTime", "LastModifiedTime", "NotebookInstanceLifecycleConfigName")},
	"ListNotebookInstanceLifecycleConfigs": {collection: "lifecycle_configs", key: "NotebookInstanceLifecycleConfigs", pageSize: "MaxResults", token: "NextToken", defSize: 10, maxSize: 100,
		summary: fields("NotebookInstanceLifecycleConfigName", "NotebookInstanceLifecycleConfigArn", "CreationTime", "LastModifiedTime")},
	"ListDomains": {collection: "domains", key: "Domains", pageSize: "MaxResults", token: "NextToken", defSize: 10, maxSize: 100,
		summary: fields("DomainArn", "DomainId", "DomainName", "Status", "CreationTime", "LastModifiedTime", "Url")},
	"ListTrainingJobs": {collection: "training_jobs", key: "TrainingJobSummaries", pageSize: "MaxResults", token: "NextToken", defSize: 10, maxSize: 100,
		summary: fields("TrainingJobName", "TrainingJobArn", "CreationTime", "TrainingEndTime", "LastModifiedTime", "TrainingJobStatus"),
		keep:    equals("StatusEquals", "TrainingJobStatus")},
	"ListModelPackages": {collection: "model_packages", key: "ModelPackageSummaryList", pageSize: "MaxResults", token: "NextToken", defSize: 10, maxSize: 100,
		summary: fields("ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion", "ModelPackageArn", "ModelPackageDescription", "CreationTime", "ModelPackageStatus", "ModelApprovalStatus")},
	"DescribeLogGroups": {collection: "log_groups", key: "logGroups", pageSize: "limit", token: "nextToken", defSize: 50,
		summary: func(it estate.Item) any { return estate.Public(it) },
		keep: func(c *awsCall, it estate.Item) bool {
			return strings.HasPrefix(fmt.Sprint(it["logGroupName"]), c.str("logGroupNamePrefix"))
		}},
}

var validation = func(what string) awsError {
	return awsError{http.StatusBadRequest, "ValidationException", "Could not find " + what + "."}
}

var jsonGets = map[string]getSpec{
	"DescribeEndpoint":                        {collection: "endpoints", param: "EndpointName", fields: []string{"EndpointName"}, notFound: validation("endpoint")},
	"DescribeEndpointConfig":                  {collection: "endpoint_configs", param: "EndpointConfigName", fields: []string{"EndpointConfigName"}, notFound: validation("endpoint configuration")},
	"DescribeModel":                           {collection: "models", param: "ModelName", fields: []string{"ModelName"}, notFound: validation("model")},
	"DescribeNotebookInstance":                {collection: "notebook_instances", param: "NotebookInstanceName", fields: []string{"NotebookInstanceName"}, notFound: validation("notebook instance")},
	"DescribeNotebookInstanceLifecycleConfig": {collection: "lifecycle_configs", param: "NotebookInstanceLifecycleConfigName", fields: []string{"NotebookInstanceLifecycleConfigName"}, notFound: validation("lifecycle configuration")},
	"DescribeDomain":                          {collection: "domains", param: "DomainId", fields: []string{"DomainId"}, notFound: notFound("ResourceNotFound", "Domain")},
	"DescribeTrainingJob":                     {collection: "training_jobs", param: "TrainingJobName", fields: []string{"TrainingJobName"}, notFound: validation("training job")},
	"DescribeModelPackage":                    {collection: "model_packages", param: "ModelPackageName", fields: []string{"ModelPackageArn", "ModelPackageName"}, notFound: validation("model package")},
}

func (s *Server) jsonOperation(c *awsCall, data map[string][]estate.Item) (any, *awsError) {
	if spec, ok := jsonLists[c.op]; ok {
		return s.list(c, data, spec)
	}
	if spec, ok := jsonGets[c.op]; ok {
		return s.get(c, data, spec, "")
	}
	if c.op == "ListTags" {
		return s.tagsOf(c, data, c.str("ResourceArn"), true)
	}
	if c.op == "DescribeKey" {
		return describeKey(data, c.str("KeyId"))
	}
	if c.op == "FilterLogEvents" {
		return s.filterLogEvents(c, data)
	}
	return nil, &awsError{http.StatusBadRequest, "UnknownOperationException", "aispm sim does not serve " + c.service + ":" + c.op}
}

// tagsOf answers a tag listing for the item with this ARN in any collection.
func (s *Server) tagsOf(c *awsCall, data map[string][]estate.Item, arn string, paged bool) (any, *awsError) {
	for col, id := range estate.AWSCollections[c.service] {
		for _, it := range data[col] {
			if it[id.ArnField()] != arn {
				continue
			}
			m, _ := it[estate.KeyTags].(map[string]any)
			if !paged {
				return m, nil
			}
			tags := []any{}
			for _, k := range sortedKeys(m) {
				tags = append(tags, map[string]any{"Key": k, "Value": m[k]})
			}
			start, end, next, err := s.page(len(tags), c.num("MaxResults"), 50, c.str("NextToken"))
			if err != nil {
				return nil, &awsError{http.StatusBadRequest, "ValidationException", err.Error()}
			}
			return withNext(map[string]any{"Tags": tags[start:end]}, next), nil
		}
	}
	return nil, &awsError{http.StatusNotFound, "ResourceNotFoundException", "Resource " + arn + " does not exist."}
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
			if s, ok := val.(string); ok && (strings.HasSuffix(k, "Time") || k == "creationTime") {
				if t, err := time.Parse(time.RFC3339, s); err == nil {
					out[k] = float64(t.Unix())
					if k == "creationTime" {
						out[k] = t.UnixMilli() // CloudWatch Logs counts milliseconds
					}
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
		if u, err := urlUnescape(v); err == nil {
			v = u
		}
		out[k] = v
	}
	return out
}

// describeKey answers kms:DescribeKey by key id, key ARN, alias name or
// alias ARN, from the region's kms keys (each with its Aliases).
func describeKey(data map[string][]estate.Item, id string) (any, *awsError) {
	for _, it := range data["keys"] {
		aliases, _ := it["Aliases"].([]any)
		match := it["KeyId"] == id || it["Arn"] == id
		for _, a := range aliases {
			match = match || a == id || strings.HasSuffix(id, ":"+fmt.Sprint(a))
		}
		if match {
			meta := estate.Public(it)
			delete(meta, "Aliases")
			return map[string]any{"KeyMetadata": meta}, nil
		}
	}
	return nil, &awsError{http.StatusBadRequest, "NotFoundException", "Key '" + id + "' does not exist"}
}
