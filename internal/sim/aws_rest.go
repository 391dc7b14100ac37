package sim

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/aispm/aispm/internal/estate"
)

// restRoute maps a REST method and path to an operation.
type restRoute struct {
	method  string
	path    *regexp.Regexp
	service string
	op      string
}

var restRoutes = []restRoute{
	{"GET", regexp.MustCompile(`^/custom-models$`), "bedrock", "ListCustomModels"},
	{"GET", regexp.MustCompile(`^/custom-models/(.+)$`), "bedrock", "GetCustomModel"},
	{"GET", regexp.MustCompile(`^/imported-models$`), "bedrock", "ListImportedModels"},
	{"GET", regexp.MustCompile(`^/imported-models/(.+)$`), "bedrock", "GetImportedModel"},
	{"GET", regexp.MustCompile(`^/provisioned-model-throughputs$`), "bedrock", "ListProvisionedModelThroughputs"},
	{"GET", regexp.MustCompile(`^/guardrails$`), "bedrock", "ListGuardrails"},
	{"GET", regexp.MustCompile(`^/guardrails/(.+)$`), "bedrock", "GetGuardrail"},
	{"GET", regexp.MustCompile(`^/logging/modelinvocations$`), "bedrock", "GetModelInvocationLoggingConfiguration"},
	{"POST", regexp.MustCompile(`^/listTagsForResource$`), "bedrock", "ListTagsForResource"},
	{"POST", regexp.MustCompile(`^/agents/?$`), "bedrock-agent", "ListAgents"},
	{"GET", regexp.MustCompile(`^/agents/([^/]+)/?$`), "bedrock-agent", "GetAgent"},
	{"POST", regexp.MustCompile(`^/agents/([^/]+)/agentaliases/?$`), "bedrock-agent", "ListAgentAliases"},
	{"POST", regexp.MustCompile(`^/agents/([^/]+)/agentversions/([^/]+)/knowledgebases/?$`), "bedrock-agent", "ListAgentKnowledgeBases"},
	{"POST", regexp.MustCompile(`^/knowledgebases/?$`), "bedrock-agent", "ListKnowledgeBases"},
	{"GET", regexp.MustCompile(`^/knowledgebases/([^/]+)/?$`), "bedrock-agent", "GetKnowledgeBase"},
	{"POST", regexp.MustCompile(`^/knowledgebases/([^/]+)/datasources/?$`), "bedrock-agent", "ListDataSources"},
	{"GET", regexp.MustCompile(`^/knowledgebases/([^/]+)/datasources/([^/]+)$`), "bedrock-agent", "GetDataSource"},
	{"GET", regexp.MustCompile(`^/tags/(.+)$`), "bedrock-agent", "ListTagsForResource"},
}

func isBedrockAgentPath(p string) bool {
	return strings.HasPrefix(p, "/agents") || strings.HasPrefix(p, "/knowledgebases") || strings.HasPrefix(p, "/tags/")
}

// route finds the operation of a REST request and its path parameters.
func route(service string, r *http.Request) (string, []string) {
	p := r.URL.EscapedPath()
	for _, rt := range restRoutes {
		if rt.service != service || rt.method != r.Method {
			continue
		}
		if m := rt.path.FindStringSubmatch(p); m != nil {
			params := make([]string, len(m)-1)
			for i, v := range m[1:] {
				params[i], _ = url.PathUnescape(v)
			}
			return rt.op, params
		}
	}
	return "", nil
}

func restOpName(service string, r *http.Request) string {
	if op, _ := route(service, r); op != "" {
		return op
	}
	return r.Method + " " + r.URL.Path
}

var resourceNotFound = func(what string) awsError { return notFound("ResourceNotFoundException", what) }

// restLists and restGets serve Bedrock and Bedrock Agents; page sizes and
// tokens travel in the query (GET) or the body (POST).
var restLists = map[string]listSpec{
	"ListCustomModels": {collection: "custom_models", key: "modelSummaries", pageSize: "maxResults", token: "nextToken", defSize: 10, maxSize: 1000,
		summary: fields("modelArn", "modelName", "creationTime", "baseModelArn", "baseModelName", "customizationType", "modelStatus", "ownerAccountId")},
	"ListImportedModels": {collection: "imported_models", key: "modelSummaries", pageSize: "maxResults", token: "nextToken", defSize: 10, maxSize: 1000,
		summary: fields("modelArn", "modelName", "creationTime", "instructSupported", "modelArchitecture")},
	"ListProvisionedModelThroughputs": {collection: "provisioned_throughputs", key: "provisionedModelSummaries", pageSize: "maxResults", token: "nextToken", defSize: 10, maxSize: 1000,
		summary: fields("provisionedModelName", "provisionedModelArn", "modelArn", "desiredModelArn", "foundationModelArn", "modelUnits", "desiredModelUnits", "status", "commitmentDuration", "commitmentExpirationTime", "creationTime", "lastModifiedTime")},
	"ListGuardrails": {collection: "guardrails", key: "guardrails", pageSize: "maxResults", token: "nextToken", defSize: 10, maxSize: 1000,
		summary: func(it estate.Item) any {
			return map[string]any{"id": it["guardrailId"], "arn": it["guardrailArn"], "name": it["name"], "status": it["status"],
				"version": it["version"], "createdAt": it["createdAt"], "updatedAt": it["updatedAt"]}
		}},
	"ListAgents": {collection: "agents", key: "agentSummaries", pageSize: "maxResults", token: "nextToken", defSize: 10, maxSize: 1000,
		summary: fields("agentId", "agentName", "agentStatus", "description", "updatedAt", "latestAgentVersion", "guardrailConfiguration")},
	"ListKnowledgeBases": {collection: "knowledge_bases", key: "knowledgeBaseSummaries", pageSize: "maxResults", token: "nextToken", defSize: 10, maxSize: 1000,
		summary: fields("knowledgeBaseId", "name", "description", "status", "updatedAt")},
}

var restGets = map[string]getSpec{
	"GetCustomModel":   {collection: "custom_models", fields: []string{"modelArn", "modelName"}, notFound: resourceNotFound("Custom model")},
	"GetImportedModel": {collection: "imported_models", fields: []string{"modelArn", "modelName"}, notFound: resourceNotFound("Imported model")},
	"GetGuardrail":     {collection: "guardrails", fields: []string{"guardrailId", "guardrailArn"}, notFound: resourceNotFound("Guardrail")},
	"GetAgent":         {collection: "agents", fields: []string{"agentId"}, wrap: "agent", notFound: resourceNotFound("Agent")},
	"GetKnowledgeBase": {collection: "knowledge_bases", fields: []string{"knowledgeBaseId"}, wrap: "knowledgeBase", notFound: resourceNotFound("Knowledge base")},
}

func (s *Server) restOperation(c *awsCall, data map[string][]estate.Item) (any, *awsError) {
	op, params := route(c.service, c.r)
	if spec, ok := restLists[op]; ok {
		if op == "ListGuardrails" && c.str("guardrailIdentifier") != "" {
			return s.guardrailVersions(c, data, c.str("guardrailIdentifier"))
		}
		return s.list(c, data, spec)
	}
	if spec, ok := restGets[op]; ok {
		return s.get(c, data, spec, params[0])
	}
	switch op {
	case "GetModelInvocationLoggingConfiguration":
		if items := data["logging"]; len(items) > 0 {
			it := estate.Public(items[0])
			delete(it, "arn")
			return it, nil
		}
		return map[string]any{}, nil
	case "ListTagsForResource":
		arn := c.str("resourceARN")
		if len(params) > 0 {
			arn = params[0]
		}
		tags, err := s.tagsOf(c, data, arn, false)
		if err != nil {
			return nil, err
		}
		m, _ := tags.(map[string]any)
		if c.service == "bedrock-agent" {
			if m == nil {
				m = map[string]any{}
			}
			return map[string]any{"tags": m}, nil
		}
		list := []any{}
		for _, k := range sortedKeys(m) {
			list = append(list, map[string]any{"key": k, "value": m[k]})
		}
		return map[string]any{"tags": list}, nil
	case "ListAgentAliases", "ListDataSources", "ListAgentKnowledgeBases":
		col, member, annotation := "agents", "agentAliasSummaries", "x-aliases"
		switch op {
		case "ListDataSources":
			col, member, annotation = "knowledge_bases", "dataSourceSummaries", "x-data-sources"
		case "ListAgentKnowledgeBases": // the same for every version of the agent
			member, annotation = "agentKnowledgeBaseSummaries", "x-knowledge-bases"
		}
		if _, err := s.get(c, data, getSpec{collection: col, fields: []string{"agentId", "knowledgeBaseId"}, notFound: resourceNotFound("Parent")}, params[0]); err != nil {
			return nil, err
		}
		children := annotated(data[col], params[0], annotation)
		summaries := []any{}
		for _, ch := range children {
			summaries = append(summaries, summarize(op, ch))
		}
		start, end, next, perr := s.page(len(summaries), c.num("maxResults"), 10, c.str("nextToken"))
		if perr != nil {
			return nil, &awsError{http.StatusBadRequest, "ValidationException", perr.Error()}
		}
		out := map[string]any{member: summaries[start:end]}
		if next != "" {
			out["nextToken"] = next
		}
		return out, nil
	case "GetDataSource":
		for _, ds := range annotated(data["knowledge_bases"], params[0], "x-data-sources") {
			if ds["dataSourceId"] == params[1] {
				return map[string]any{"dataSource": ds}, nil
			}
		}
		e := resourceNotFound("Data source " + params[1])
		return nil, &e
	}
	return nil, &awsError{http.StatusBadRequest, "UnknownOperationException", "aispm sim does not serve " + c.service + ":" + c.op}
}

// annotated returns the x- child items (aliases, data sources) of the parent with this id.
func annotated(items []estate.Item, id, annotation string) []map[string]any {
	for _, it := range items {
		if it["agentId"] == id || it["knowledgeBaseId"] == id {
			var out []map[string]any
			list, _ := it[annotation].([]any)
			for _, ch := range list {
				if m, ok := ch.(map[string]any); ok {
					out = append(out, m)
				}
			}
			return out
		}
	}
	return nil
}

func summarize(op string, it map[string]any) any {
	if op == "ListDataSources" {
		return pick(it, "knowledgeBaseId", "dataSourceId", "name", "status", "description", "updatedAt")
	}
	return it
}

// guardrailVersions lists a guardrail's versions: DRAFT, then x-versions.
func (s *Server) guardrailVersions(c *awsCall, data map[string][]estate.Item, id string) (any, *awsError) {
	g, err := s.get(c, data, restGets["GetGuardrail"], id)
	if err != nil {
		return nil, err
	}
	it := g.(estate.Item)
	var raw estate.Item
	for _, cand := range data["guardrails"] {
		if cand["guardrailId"] == it["guardrailId"] {
			raw = cand
		}
	}
	versions := []any{map[string]any{"id": it["guardrailId"], "arn": it["guardrailArn"], "name": it["name"], "status": it["status"], "version": "DRAFT",
		"createdAt": it["createdAt"], "updatedAt": it["updatedAt"]}}
	list, _ := raw["x-versions"].([]any)
	for _, v := range list {
		versions = append(versions, map[string]any{"id": it["guardrailId"], "arn": it["guardrailArn"], "name": it["name"], "status": "READY",
			"version": v, "createdAt": it["createdAt"], "updatedAt": it["updatedAt"]})
	}
	return map[string]any{"guardrails": versions}, nil
}
