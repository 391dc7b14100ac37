package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/logging/apiv2/loggingpb"
	"github.com/aispm/aispm/internal/estate"
	_ "google.golang.org/genproto/googleapis/cloud/audit" // registers AuditLog for protoPayload
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The simulator serves the four activity logs the way the clouds filter and
// page them: CloudTrail LookupEvents, CloudWatch Logs FilterLogEvents, the
// Azure Activity Log and Cloud Logging entries.list.

// cloudTrailRetention is how far back CloudTrail event history goes.
const cloudTrailRetention = 90 * 24 * time.Hour

func itemTime(it estate.Item, field string) time.Time {
	t, _ := time.Parse(time.RFC3339, fmt.Sprint(it[field]))
	return t
}

// sortByTime sorts events newest first, in place (how every log lists them
// unless asked otherwise), parsing each time once.
func sortByTime(items []estate.Item, field string) {
	idx := make([]int, len(items))
	ts := make([]time.Time, len(items))
	for i := range items {
		idx[i], ts[i] = i, itemTime(items[i], field)
	}
	sort.SliceStable(idx, func(a, b int) bool { return ts[idx[a]].After(ts[idx[b]]) })
	sorted := make([]estate.Item, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// sortActivity orders every activity collection of the estate once, when
// the server is made: lists then page without sorting.
func sortActivity(e *estate.Estate) {
	for _, a := range e.AWS.Accounts {
		for _, r := range a.Regions {
			sortByTime(r.Services["cloudtrail"]["events"], "eventTime")
			sortByTime(r.Services["logs"]["log_events"], "timestamp")
		}
	}
	for _, sub := range e.Azure.Subscriptions {
		sortByTime(sub.ActivityLog, "eventTimestamp")
	}
	for _, p := range e.GCP.Projects {
		sortByTime(p.AuditLog, "timestamp")
	}
}

func epochBound(c *awsCall, k string) (time.Time, bool) {
	v, ok := c.body[k].(float64)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(0, int64(v*1e9)), true
}

// lookupEvents serves cloudtrail:LookupEvents: at most one lookup attribute,
// StartTime/EndTime, 50 events per page at most, newest first.
func (s *Server) lookupEvents(c *awsCall, data map[string][]estate.Item) (any, *awsError) {
	if c.op != "LookupEvents" {
		return nil, &awsError{http.StatusBadRequest, "UnknownOperationException", "aispm sim does not serve cloudtrail:" + c.op}
	}
	attrs, _ := c.body["LookupAttributes"].([]any)
	if len(attrs) > 1 {
		return nil, &awsError{http.StatusBadRequest, "InvalidLookupAttributesException", "You can only specify one lookup attribute."}
	}
	var key, value string
	if len(attrs) == 1 {
		a, _ := attrs[0].(map[string]any)
		key, value = fmt.Sprint(a["AttributeKey"]), fmt.Sprint(a["AttributeValue"])
	}
	now := s.opts.Now
	start, hasStart := epochBound(c, "StartTime")
	end, hasEnd := epochBound(c, "EndTime")
	if hasStart && hasEnd && start.After(end) {
		return nil, &awsError{http.StatusBadRequest, "InvalidTimeRangeException", "Start time must be earlier than end time."}
	}
	if n := c.num("MaxResults"); n > 50 {
		return nil, &awsError{http.StatusBadRequest, "InvalidMaxResultsException", "MaxResults must be between 1 and 50."}
	}
	var match []estate.Item
	for _, it := range data["events"] {
		t := itemTime(it, "eventTime")
		if t.Before(now.Add(-cloudTrailRetention)) || (hasStart && t.Before(start)) || (hasEnd && t.After(end)) {
			continue
		}
		if key != "" && !lookupMatches(it, key, value) {
			continue
		}
		match = append(match, it)
	}
	start0, stop, next, err := s.page(len(match), c.num("MaxResults"), 50, c.str("NextToken"))
	if err != nil {
		return nil, &awsError{http.StatusBadRequest, "InvalidNextTokenException", err.Error()}
	}
	events := make([]any, 0, stop-start0)
	for _, it := range match[start0:stop] {
		events = append(events, trailEvent(c, it))
	}
	return withNext(map[string]any{"Events": events}, next), nil
}

// trailEvent renders an estate event as LookupEvents returns it: summary
// fields and the full record as the CloudTrailEvent string.
func trailEvent(c *awsCall, it estate.Item) map[string]any {
	rec := estate.Public(it)
	rec["awsRegion"] = c.region
	rec["recipientAccountId"] = c.account.ID
	for k, v := range map[string]any{"eventVersion": "1.09", "eventType": "AwsApiCall", "managementEvent": true, "eventCategory": "Management"} {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
	if _, ok := rec["readOnly"]; !ok {
		rec["readOnly"] = readOnlyName(fmt.Sprint(rec["eventName"]))
	}
	id, _ := rec["userIdentity"].(map[string]any)
	raw, _ := json.Marshal(rec)
	username := trailUsername(id)
	ev := map[string]any{"EventId": rec["eventID"], "EventName": rec["eventName"], "EventSource": rec["eventSource"],
		"EventTime": rec["eventTime"], "ReadOnly": strconv.FormatBool(rec["readOnly"] == true), "CloudTrailEvent": string(raw)}
	if username != "" {
		ev["Username"] = username
	}
	if k, _ := id["accessKeyId"].(string); k != "" {
		ev["AccessKeyId"] = k
	}
	var resources []any
	if rs, ok := rec["resources"].([]any); ok {
		for _, r := range rs {
			if m, ok := r.(map[string]any); ok {
				resources = append(resources, map[string]any{"ResourceType": m["type"], "ResourceName": m["ARN"]})
			}
		}
	}
	if resources != nil {
		ev["Resources"] = resources
	}
	return ev
}

func readOnlyName(op string) bool {
	for _, p := range []string{"Get", "List", "Describe", "Lookup", "Search"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// lookupMatches applies a lookup attribute to an estate event, as
// LookupEvents reads it from the record.
func lookupMatches(it estate.Item, key, value string) bool {
	id, _ := it["userIdentity"].(map[string]any)
	switch key {
	case "EventId":
		return fmt.Sprint(it["eventID"]) == value
	case "EventName":
		return fmt.Sprint(it["eventName"]) == value
	case "EventSource":
		return fmt.Sprint(it["eventSource"]) == value
	case "AccessKeyId":
		return fmt.Sprint(id["accessKeyId"]) == value
	case "Username":
		return trailUsername(id) == value
	case "ReadOnly":
		ro, ok := it["readOnly"].(bool)
		if !ok {
			ro = readOnlyName(fmt.Sprint(it["eventName"]))
		}
		return strconv.FormatBool(ro) == value
	case "ResourceName", "ResourceType":
		field := map[string]string{"ResourceName": "ARN", "ResourceType": "type"}[key]
		rs, _ := it["resources"].([]any)
		for _, r := range rs {
			if m, ok := r.(map[string]any); ok && fmt.Sprint(m[field]) == value {
				return true
			}
		}
		return false
	}
	return false
}

// trailUsername is the Username LookupEvents reports: the user name, or the
// last part of the identity's ARN (a role session's name).
func trailUsername(id map[string]any) string {
	if n, ok := id["userName"].(string); ok {
		return n
	}
	if arn, _ := id["arn"].(string); arn != "" {
		return arn[strings.LastIndex(arn, "/")+1:]
	}
	return ""
}

// logFilterTerm is one `$.path = "value"` term of a JSON filter pattern.
var logFilterTerm = regexp.MustCompile(`^\$\.([A-Za-z0-9_.]+)\s*=\s*"((?:[^"\\]|\\.)*)"$`)

// parseFilterPattern supports the JSON filter patterns aispm sends:
// { $.a = "x" && $.b.c = "y" }.
func parseFilterPattern(p string) (map[string]string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return nil, nil
	}
	if !strings.HasPrefix(p, "{") || !strings.HasSuffix(p, "}") {
		return nil, fmt.Errorf("aispm sim: unsupported filter pattern %q", p)
	}
	out := map[string]string{}
	for _, term := range strings.Split(strings.TrimSpace(p[1:len(p)-1]), "&&") {
		m := logFilterTerm.FindStringSubmatch(strings.TrimSpace(term))
		if m == nil {
			return nil, fmt.Errorf("Invalid character(s) in term '%s'", strings.TrimSpace(term))
		}
		v, _ := strconv.Unquote(`"` + m[2] + `"`)
		out[m[1]] = v
	}
	return out, nil
}

func jsonPath(v any, path string) string {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// filterLogEvents serves logs:FilterLogEvents over the region's log events:
// the group must exist; startTime/endTime in ms; oldest first; 10,000
// events a page at most.
func (s *Server) filterLogEvents(c *awsCall, data map[string][]estate.Item) (any, *awsError) {
	group := c.str("logGroupName")
	if group == "" {
		group = c.str("logGroupIdentifier")
	}
	found := false
	for _, g := range data["log_groups"] {
		if g["logGroupName"] == group {
			found = true
		}
	}
	if !found {
		return nil, &awsError{http.StatusBadRequest, "ResourceNotFoundException", "The specified log group does not exist."}
	}
	terms, err := parseFilterPattern(c.str("filterPattern"))
	if err != nil {
		return nil, &awsError{http.StatusBadRequest, "InvalidParameterException", err.Error()}
	}
	startMs, hasStart := c.body["startTime"].(float64)
	endMs, hasEnd := c.body["endTime"].(float64)
	var match []any
	events := data["log_events"]            // newest first
	for i := len(events) - 1; i >= 0; i-- { // oldest first
		it := events[i]
		if it["logGroupName"] != group {
			continue
		}
		ms := itemTime(it, "timestamp").UnixMilli()
		if (hasStart && ms < int64(startMs)) || (hasEnd && ms > int64(endMs)) {
			continue
		}
		msg := it["message"]
		if m, ok := msg.(map[string]any); ok {
			m = estate.Public(m)
			if _, ok := m["timestamp"]; !ok {
				m["timestamp"] = it["timestamp"]
			}
			if _, ok := m["accountId"]; !ok {
				m["accountId"] = c.account.ID
			}
			if _, ok := m["region"]; !ok {
				m["region"] = c.region
			}
			msg = m
		}
		keep := true
		for path, want := range terms {
			keep = keep && jsonPath(msg, path) == want
		}
		if !keep {
			continue
		}
		text, ok := msg.(string)
		if !ok {
			raw, _ := json.Marshal(msg)
			text = string(raw)
		}
		stream, _ := it["logStreamName"].(string)
		if stream == "" {
			stream = "aws/bedrock/modelinvocations"
		}
		match = append(match, map[string]any{"eventId": it["eventId"], "logStreamName": stream, "timestamp": ms, "ingestionTime": ms + 1000, "message": text})
	}
	start, end, next, perr := s.page(len(match), c.num("limit"), 10000, c.str("nextToken"))
	if perr != nil {
		return nil, &awsError{http.StatusBadRequest, "InvalidParameterException", perr.Error()}
	}
	out := map[string]any{"events": append([]any{}, match[start:end]...), "searchedLogStreams": []any{}}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

// activityFilterTerm is one term of an Activity Log $filter.
var activityFilterTerm = regexp.MustCompile(`(?i)^(eventTimestamp|resourceProvider|resourceGroupName|resourceUri|resourceId|correlationId)\s+(ge|le|eq)\s+'((?:[^']|'')*)'$`)

// activityRetention is how far back the Activity Log goes.
const activityRetention = 90 * 24 * time.Hour

// serveActivityLog answers GET /subscriptions/{s}/providers/Microsoft.Insights/
// eventtypes/management/values: the $filter must bound eventTimestamp from
// below and may name one resourceProvider, resourceGroupName, resourceUri or
// correlationId; $select keeps the named fields; newest first, paged.
func (s *Server) serveActivityLog(w http.ResponseWriter, r *http.Request, sub *estate.AzureSubscription) {
	filter := r.URL.Query().Get("$filter")
	var start, end time.Time
	eq := map[string]string{}
	for _, term := range regexp.MustCompile(`(?i)\s+and\s+`).Split(strings.TrimSpace(filter), -1) {
		m := activityFilterTerm.FindStringSubmatch(strings.TrimSpace(term))
		if m == nil {
			armError(w, http.StatusBadRequest, "BadRequest", "The $filter '"+filter+"' is not supported: use eventTimestamp ge/le and one of resourceProvider, resourceGroupName, resourceUri, correlationId eq.")
			return
		}
		field, op, val := strings.ToLower(m[1]), strings.ToLower(m[2]), strings.ReplaceAll(m[3], "''", "'")
		if field == "eventtimestamp" {
			t, err := time.Parse(time.RFC3339, val)
			if err != nil || op == "eq" {
				armError(w, http.StatusBadRequest, "BadRequest", "eventTimestamp must be compared with ge or le to an ISO 8601 time, not "+val)
				return
			}
			if op == "ge" {
				start = t
			} else {
				end = t
			}
			continue
		}
		if op != "eq" {
			armError(w, http.StatusBadRequest, "BadRequest", field+" takes eq only")
			return
		}
		if field == "resourceid" {
			field = "resourceuri"
		}
		eq[field] = val
	}
	if start.IsZero() {
		armError(w, http.StatusBadRequest, "BadRequest", "The $filter must include eventTimestamp ge '<start time>'.")
		return
	}
	if len(eq) > 1 {
		armError(w, http.StatusBadRequest, "BadRequest", "The $filter takes one of resourceProvider, resourceGroupName, resourceUri and correlationId.")
		return
	}
	if end.IsZero() {
		end = s.opts.Now
	}
	if end.Sub(start) > activityRetention {
		armError(w, http.StatusBadRequest, "BadRequest", "The time window of the query cannot exceed 90 days.")
		return
	}
	var sel map[string]bool
	if v := r.URL.Query().Get("$select"); v != "" {
		sel = map[string]bool{}
		for _, f := range strings.Split(v, ",") {
			sel[strings.ToLower(strings.TrimSpace(f))] = true
		}
	}
	var items []estate.Item
	for _, it := range sub.ActivityLog {
		t := itemTime(it, "eventTimestamp")
		if t.Before(start) || t.After(end) || !activityMatches(it, eq) {
			continue
		}
		items = append(items, it)
	}
	s.armPage(w, r, len(items), func(i int) any {
		ev := activityEventData(sub, items[i])
		if sel != nil {
			for k := range ev {
				if !sel[strings.ToLower(k)] {
					delete(ev, k)
				}
			}
		}
		return ev
	})
}

func localizable(v any) any {
	if s, ok := v.(string); ok {
		return map[string]any{"value": s, "localizedValue": s}
	}
	return v
}

var armProvider = regexp.MustCompile(`(?i)/resourceGroups/([^/]+)/providers/([^/]+)/([^/]+)`)

// activityEventData renders an estate event as EventData: plain strings
// become localizable strings; ids, provider and group come from resourceId.
func activityEventData(sub *estate.AzureSubscription, it estate.Item) map[string]any {
	ev := estate.Public(it)
	res, _ := ev["resourceId"].(string)
	if m := armProvider.FindStringSubmatch(res); m != nil {
		if _, ok := ev["resourceGroupName"]; !ok {
			ev["resourceGroupName"] = m[1]
		}
		if _, ok := ev["resourceProviderName"]; !ok {
			ev["resourceProviderName"] = m[2]
		}
		if _, ok := ev["resourceType"]; !ok {
			ev["resourceType"] = m[2] + "/" + m[3]
		}
	}
	for k, v := range map[string]any{"level": "Informational", "category": "Administrative", "eventName": "EndRequest",
		"status": "Succeeded", "subscriptionId": sub.ID, "tenantId": ""} {
		if _, ok := ev[k]; !ok {
			ev[k] = v
		}
	}
	if _, ok := ev["correlationId"]; !ok {
		ev["correlationId"] = ev["eventDataId"]
	}
	if _, ok := ev["id"]; !ok {
		ev["id"] = res + "/events/" + fmt.Sprint(ev["eventDataId"])
	}
	for _, k := range []string{"operationName", "status", "subStatus", "category", "resourceProviderName", "resourceType", "eventName"} {
		if v, ok := ev[k]; ok {
			ev[k] = localizable(v)
		}
	}
	if props, ok := ev["properties"].(map[string]any); ok {
		flat := map[string]any{}
		for k, v := range props {
			if s, ok := v.(string); ok {
				flat[k] = s
			} else {
				raw, _ := json.Marshal(v) // the Activity Log keeps properties as strings
				flat[k] = string(raw)
			}
		}
		ev["properties"] = flat
	}
	return ev
}

// activityMatches applies the $filter's eq terms to an estate event, with
// the provider and group read from its resource id when not given.
func activityMatches(it estate.Item, eq map[string]string) bool {
	res, _ := it["resourceId"].(string)
	m := armProvider.FindStringSubmatch(res)
	for field, want := range eq {
		var got string
		switch field {
		case "resourceprovider":
			got = fmt.Sprint(it["resourceProviderName"])
			if it["resourceProviderName"] == nil && m != nil {
				got = m[2]
			}
		case "resourcegroupname":
			got = fmt.Sprint(it["resourceGroupName"])
			if it["resourceGroupName"] == nil && m != nil {
				got = m[1]
			}
		case "resourceuri":
			got = res
		case "correlationid":
			got = fmt.Sprint(it["correlationId"])
			if it["correlationId"] == nil {
				got = fmt.Sprint(it["eventDataId"])
			}
		}
		if !strings.EqualFold(got, want) {
			return false
		}
	}
	return true
}

type loggingService struct {
	loggingpb.UnimplementedLoggingServiceV2Server
	s *Server
}

// logFilterTerms are the Logging filter terms aispm sends.
var (
	logNameTerm   = regexp.MustCompile(`^logName:"([^"]+)"$`)
	serviceTerm   = regexp.MustCompile(`^protoPayload\.serviceName=\((.+)\)$|^protoPayload\.serviceName=("(?:[^"\\]|\\.)*")$`)
	timeTerm      = regexp.MustCompile(`^timestamp(>=|<=|>|<)"([^"]+)"$`)
	fieldTerm     = regexp.MustCompile(`^protoPayload\.(methodName|authenticationInfo\.principalEmail)=("(?:[^"\\]|\\.)*")$`)
	quotedStrings = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
)

type logQuery struct {
	logName    string
	services   map[string]bool
	start, end time.Time
	fields     map[string]string
}

func parseLogFilter(f string) (*logQuery, error) {
	q := &logQuery{fields: map[string]string{}}
	if strings.TrimSpace(f) == "" {
		return q, nil
	}
	for _, term := range strings.Split(f, " AND ") {
		term = strings.TrimSpace(term)
		switch {
		case logNameTerm.MatchString(term):
			q.logName = logNameTerm.FindStringSubmatch(term)[1]
		case serviceTerm.MatchString(term):
			m := serviceTerm.FindStringSubmatch(term)
			list := m[1] + m[2]
			q.services = map[string]bool{}
			for _, s := range quotedStrings.FindAllStringSubmatch(list, -1) {
				q.services[s[1]] = true
			}
		case timeTerm.MatchString(term):
			m := timeTerm.FindStringSubmatch(term)
			t, err := time.Parse(time.RFC3339, m[2])
			if err != nil {
				return nil, fmt.Errorf("invalid timestamp %q", m[2])
			}
			if strings.HasPrefix(m[1], ">") {
				q.start = t
			} else {
				q.end = t
			}
		case fieldTerm.MatchString(term):
			m := fieldTerm.FindStringSubmatch(term)
			v, _ := strconv.Unquote(m[2])
			q.fields[m[1]] = v
		default:
			return nil, fmt.Errorf("aispm sim: unsupported filter term %q", term)
		}
	}
	return q, nil
}

func (q *logQuery) keep(p *estate.GCPProject, e estate.Item) bool {
	name, _ := e["logName"].(string)
	if name == "" {
		name = "projects/" + p.ID + "/logs/cloudaudit.googleapis.com%2Factivity"
	}
	if q.logName != "" && !strings.Contains(name, q.logName) {
		return false
	}
	t := itemTime(e, "timestamp")
	if (!q.start.IsZero() && t.Before(q.start)) || (!q.end.IsZero() && t.After(q.end)) {
		return false
	}
	if q.services != nil && !q.services[jsonPath(e, "protoPayload.serviceName")] {
		return false
	}
	for k, v := range q.fields {
		if jsonPath(e, "protoPayload."+k) != v {
			return false
		}
	}
	return true
}

// logEntry renders an estate entry: the log name defaults to the project's
// admin activity audit log, protoPayload to an AuditLog.
func logEntry(p *estate.GCPProject, it estate.Item) estate.Item {
	e := estate.Public(it)
	if _, ok := e["logName"]; !ok {
		e["logName"] = "projects/" + p.ID + "/logs/cloudaudit.googleapis.com%2Factivity"
	}
	if pp, ok := e["protoPayload"].(map[string]any); ok {
		pp = estate.Public(pp)
		if _, ok := pp["@type"]; !ok {
			pp["@type"] = "type.googleapis.com/google.cloud.audit.AuditLog"
		}
		e["protoPayload"] = pp
	}
	if _, ok := e["resource"]; !ok {
		e["resource"] = map[string]any{"type": "audited_resource", "labels": map[string]any{"project_id": p.ID, "service": jsonPath(e, "protoPayload.serviceName")}}
	}
	return e
}

func (l *loggingService) ListLogEntries(_ context.Context, req *loggingpb.ListLogEntriesRequest) (*loggingpb.ListLogEntriesResponse, error) {
	if len(req.GetResourceNames()) != 1 {
		return nil, status.Error(codes.InvalidArgument, "aispm sim: name exactly one resource (projects/{project})")
	}
	m := gcpResource.FindStringSubmatch(req.GetResourceNames()[0])
	if m == nil || m[2] != "" {
		return nil, status.Errorf(codes.InvalidArgument, "resource name %q must be projects/{project}", req.GetResourceNames()[0])
	}
	q, err := parseLogFilter(req.GetFilter())
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	var proj *estate.GCPProject
	for _, p := range l.s.Estate.GCP.Projects {
		if p.ID == m[1] {
			proj = p
		}
	}
	if proj == nil {
		return nil, status.Errorf(codes.PermissionDenied, "The caller does not have permission on projects/%s", m[1])
	}
	entries := append([]estate.Item{}, proj.AuditLog...) // newest first
	switch req.GetOrderBy() {
	case "timestamp desc":
	case "", "timestamp asc", "timestamp":
		for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
			entries[i], entries[j] = entries[j], entries[i]
		}
	default:
		return nil, status.Errorf(codes.InvalidArgument, "invalid order_by %q", req.GetOrderBy())
	}
	var keep []estate.Item
	for _, e := range entries {
		if q.keep(proj, e) {
			keep = append(keep, e)
		}
	}
	size := int(req.GetPageSize())
	if size > 1000 {
		return nil, status.Error(codes.InvalidArgument, "page_size must be at most 1000")
	}
	start, end, next, err := l.s.page(len(keep), size, 50, req.GetPageToken())
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	out := &loggingpb.ListLogEntriesResponse{NextPageToken: next}
	for _, it := range keep[start:end] {
		msg := &loggingpb.LogEntry{}
		if err := decode(logEntry(proj, it), msg); err != nil {
			return nil, status.Errorf(codes.Internal, "estate audit entry %v: %v", it["insertId"], err)
		}
		out.Entries = append(out.Entries, msg)
	}
	return out, nil
}
