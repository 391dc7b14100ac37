package aws

import (
	"context"
	"slices"
	"strings"

	"github.com/aispm/aispm/aispm/cloud"
	"github.com/aispm/aispm/aispm/redact"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
)

func (c *Clients) agentTags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := c.BedrockAgent.ListTagsForResource(ctx, &bedrockagent.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	if out.Tags == nil {
		return map[string]string{}, nil
	}
	return out.Tags, nil
}

// AgentAlias is an alias of a Bedrock agent.
type AgentAlias struct {
	Name    string   `json:"name"`
	ID      string   `json:"id"`
	Status  string   `json:"status,omitempty"`
	Routing []string `json:"agent_versions"`
}

// BedrockAgent is a Bedrock agent (its draft) with its aliases.
type BedrockAgent struct {
	Base
	AgentID          string           `json:"agent_id"`
	Status           string           `json:"agent_status,omitempty"`
	RoleArn          string           `json:"agent_resource_role_arn,omitempty"`
	FoundationModel  string           `json:"foundation_model,omitempty"`
	GuardrailID      string           `json:"guardrail_id,omitempty"`
	GuardrailVersion string           `json:"guardrail_version,omitempty"`
	KmsKeyArn        string           `json:"customer_encryption_key_arn,omitempty"`
	KmsKeyCMK        *bool            `json:"customer_encryption_key_customer_managed"`
	IdleSessionTTL   int32            `json:"idle_session_ttl_in_seconds"`
	Orchestration    string           `json:"orchestration_type,omitempty"`
	Collaboration    string           `json:"agent_collaboration,omitempty"`
	Description      string           `json:"description,omitempty"`
	Instruction      string           `json:"instruction,omitempty"`
	Secrets          []redact.Finding `json:"secret_findings"`
	Aliases          []AgentAlias     `json:"aliases"`
	KnowledgeBases   []AgentKB        `json:"knowledge_bases"`
}

// AgentKB is a knowledge base associated with an agent, in the agent
// versions that use it (the working draft and the versions aliases route to).
type AgentKB struct {
	ID       string   `json:"knowledge_base_id"`
	Arn      string   `json:"knowledge_base_arn"`
	State    string   `json:"state"`
	Versions []string `json:"agent_versions"`
}

// ListBedrockAgents streams the region's agents (an agent_id qual is a Get).
func ListBedrockAgents(ctx context.Context, c *Clients, id string, emit func(*BedrockAgent) bool) error {
	return getOrList(ctx, id, func(id string) *BedrockAgent { return &BedrockAgent{Base: base("", "", nil), AgentID: id} },
		func(ctx context.Context, a *BedrockAgent) error { return GetBedrockAgent(ctx, c, a) },
		func() error {
			p := bedrockagent.NewListAgentsPaginator(c.BedrockAgent, &bedrockagent.ListAgentsInput{MaxResults: bedrockPage})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrockagent.ListAgentsOutput) []types.AgentSummary { return o.AgentSummaries },
				func(s types.AgentSummary) bool {
					a := &BedrockAgent{Base: base(aws.ToString(s.AgentName), "", nil), AgentID: aws.ToString(s.AgentId), Status: string(s.AgentStatus)}
					if g := s.GuardrailConfiguration; g != nil {
						a.GuardrailID, a.GuardrailVersion = aws.ToString(g.GuardrailIdentifier), aws.ToString(g.GuardrailVersion)
					}
					return emit(a)
				})
		}, emit)
}

// GetBedrockAgent fills the agent's configuration, aliases and tags.
func GetBedrockAgent(ctx context.Context, c *Clients, a *BedrockAgent) error {
	return detailWithTags(ctx, &a.Base, func(ctx context.Context) error {
		out, err := c.BedrockAgent.GetAgent(ctx, &bedrockagent.GetAgentInput{AgentId: aws.String(a.AgentID)})
		if err != nil {
			return err
		}
		g := out.Agent
		if g == nil {
			return nil
		}
		a.Name, a.Title, a.Arn, a.CreationTime = aws.ToString(g.AgentName), aws.ToString(g.AgentName), aws.ToString(g.AgentArn), g.CreatedAt
		a.Status, a.RoleArn, a.FoundationModel = string(g.AgentStatus), aws.ToString(g.AgentResourceRoleArn), aws.ToString(g.FoundationModel)
		a.KmsKeyArn, a.IdleSessionTTL = aws.ToString(g.CustomerEncryptionKeyArn), aws.ToInt32(g.IdleSessionTTLInSeconds)
		a.Orchestration, a.Collaboration = string(g.OrchestrationType), string(g.AgentCollaboration)
		a.Description, a.Instruction, a.Secrets = redactAgent(aws.ToString(g.Description), aws.ToString(g.Instruction), g.PromptOverrideConfiguration)
		a.GuardrailID, a.GuardrailVersion = "", ""
		if gc := g.GuardrailConfiguration; gc != nil {
			a.GuardrailID, a.GuardrailVersion = aws.ToString(gc.GuardrailIdentifier), aws.ToString(gc.GuardrailVersion)
		}
		a.Aliases = []AgentAlias{}
		p := bedrockagent.NewListAgentAliasesPaginator(c.BedrockAgent, &bedrockagent.ListAgentAliasesInput{MaxResults: bedrockPage, AgentId: aws.String(a.AgentID)})
		if err := pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrockagent.ListAgentAliasesOutput) []types.AgentAliasSummary { return o.AgentAliasSummaries },
			func(s types.AgentAliasSummary) bool {
				al := AgentAlias{Name: aws.ToString(s.AgentAliasName), ID: aws.ToString(s.AgentAliasId), Status: string(s.AgentAliasStatus), Routing: []string{}}
				for _, r := range s.RoutingConfiguration {
					al.Routing = append(al.Routing, aws.ToString(r.AgentVersion))
				}
				a.Aliases = append(a.Aliases, al)
				return true
			}); err != nil {
			return err
		}
		return agentKnowledgeBases(ctx, c, a)
	}, c.agentTags)
}

// agentKnowledgeBases lists the knowledge bases of the agent's draft and of
// every version its aliases route to (ListAgentKnowledgeBases is per version).
func agentKnowledgeBases(ctx context.Context, c *Clients, a *BedrockAgent) error {
	versions := []string{"DRAFT"}
	for _, al := range a.Aliases {
		for _, v := range al.Routing {
			if !slices.Contains(versions, v) {
				versions = append(versions, v)
			}
		}
	}
	a.KnowledgeBases = []AgentKB{}
	byID := map[string]int{}
	for _, v := range versions {
		p := bedrockagent.NewListAgentKnowledgeBasesPaginator(c.BedrockAgent, &bedrockagent.ListAgentKnowledgeBasesInput{MaxResults: bedrockPage, AgentId: aws.String(a.AgentID), AgentVersion: aws.String(v)})
		if err := pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrockagent.ListAgentKnowledgeBasesOutput) []types.AgentKnowledgeBaseSummary {
			return o.AgentKnowledgeBaseSummaries
		}, func(s types.AgentKnowledgeBaseSummary) bool {
			id := aws.ToString(s.KnowledgeBaseId)
			if i, ok := byID[id]; ok {
				a.KnowledgeBases[i].Versions = append(a.KnowledgeBases[i].Versions, v)
				return true
			}
			byID[id] = len(a.KnowledgeBases)
			arn := ""
			if i := strings.LastIndex(a.Arn, ":agent/"); i >= 0 {
				arn = a.Arn[:i] + ":knowledge-base/" + id
			}
			a.KnowledgeBases = append(a.KnowledgeBases, AgentKB{ID: id, Arn: arn, State: string(s.KnowledgeBaseState), Versions: []string{v}})
			return true
		}); err != nil {
			return err
		}
	}
	return nil
}

// redactAgent redacts the agent's description and instruction, and judges
// the base prompt templates of its prompt overrides (which are not kept).
func redactAgent(description, instruction string, overrides *types.PromptOverrideConfiguration) (string, string, []redact.Finding) {
	findings := []redact.Finding{}
	desc := redact.Into(&findings, "description", description)
	instr := redact.Into(&findings, "instruction", instruction)
	if overrides != nil {
		for _, pc := range overrides.PromptConfigurations {
			redact.Into(&findings, "prompt_override:"+string(pc.PromptType), aws.ToString(pc.BasePromptTemplate))
		}
	}
	return desc, instr, findings
}

// Unified maps the agent to the provider-neutral shape.
func (a *BedrockAgent) Unified() cloud.Row {
	guardrail := a.GuardrailID
	if guardrail != "" && a.GuardrailVersion != "" {
		guardrail += ":" + a.GuardrailVersion
	}
	kbs := []string{}
	for _, kb := range a.KnowledgeBases {
		if kb.State != string(types.KnowledgeBaseStateDisabled) {
			kbs = append(kbs, kb.Arn)
		}
	}
	return &cloud.Agent{Meta: a.located(), Scope: a.AccountID, ID: a.Arn, Kind: "bedrock_agent", Service: BedrockAgents, KnowledgeBases: kbs,
		Framework: "bedrock_agents", Model: a.FoundationModel, Identity: a.RoleArn, Guardrail: guardrail,
		EncryptionKey: a.KmsKeyArn, CustomerManagedKey: a.KmsKeyCMK, Tools: []string{}, Instructions: a.Instruction, SecretFindings: a.Secrets,
		CreatedAt: a.CreationTime, Detail: a}
}

// KBDataSource is one data source of a knowledge base.
type KBDataSource struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Type     string   `json:"type,omitempty"`
	Status   string   `json:"status,omitempty"`
	Bucket   string   `json:"bucket,omitempty"`
	Prefixes []string `json:"inclusion_prefixes"`
	KmsKey   string   `json:"kms_key_arn,omitempty"`
	KeyCMK   *bool    `json:"kms_key_customer_managed"`
	Deletion string   `json:"data_deletion_policy,omitempty"`
}

// BedrockKnowledgeBase is a knowledge base with its storage and data sources.
type BedrockKnowledgeBase struct {
	Base
	KnowledgeBaseID string         `json:"knowledge_base_id"`
	Status          string         `json:"status,omitempty"`
	RoleArn         string         `json:"role_arn,omitempty"`
	Type            string         `json:"type,omitempty"`
	EmbeddingModel  string         `json:"embedding_model_arn,omitempty"`
	StorageType     string         `json:"storage_type,omitempty"`
	StorageTarget   string         `json:"storage_target,omitempty"`
	DataSources     []KBDataSource `json:"data_sources"`
}

// ListBedrockKnowledgeBases streams the region's knowledge bases.
func ListBedrockKnowledgeBases(ctx context.Context, c *Clients, id string, emit func(*BedrockKnowledgeBase) bool) error {
	return getOrList(ctx, id, func(id string) *BedrockKnowledgeBase {
		return &BedrockKnowledgeBase{Base: base("", "", nil), KnowledgeBaseID: id}
	},
		func(ctx context.Context, k *BedrockKnowledgeBase) error { return GetBedrockKnowledgeBase(ctx, c, k) },
		func() error {
			p := bedrockagent.NewListKnowledgeBasesPaginator(c.BedrockAgent, &bedrockagent.ListKnowledgeBasesInput{MaxResults: bedrockPage})
			return pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrockagent.ListKnowledgeBasesOutput) []types.KnowledgeBaseSummary {
				return o.KnowledgeBaseSummaries
			},
				func(s types.KnowledgeBaseSummary) bool {
					return emit(&BedrockKnowledgeBase{Base: base(aws.ToString(s.Name), "", nil), KnowledgeBaseID: aws.ToString(s.KnowledgeBaseId), Status: string(s.Status)})
				})
		}, emit)
}

// GetBedrockKnowledgeBase fills the knowledge base's configuration, data sources and tags.
func GetBedrockKnowledgeBase(ctx context.Context, c *Clients, k *BedrockKnowledgeBase) error {
	return detailWithTags(ctx, &k.Base, func(ctx context.Context) error {
		out, err := c.BedrockAgent.GetKnowledgeBase(ctx, &bedrockagent.GetKnowledgeBaseInput{KnowledgeBaseId: aws.String(k.KnowledgeBaseID)})
		if err != nil {
			return err
		}
		kb := out.KnowledgeBase
		if kb == nil {
			return nil
		}
		k.Name, k.Title, k.Arn, k.CreationTime = aws.ToString(kb.Name), aws.ToString(kb.Name), aws.ToString(kb.KnowledgeBaseArn), kb.CreatedAt
		k.Status, k.RoleArn = string(kb.Status), aws.ToString(kb.RoleArn)
		if cfg := kb.KnowledgeBaseConfiguration; cfg != nil {
			k.Type = string(cfg.Type)
			if v := cfg.VectorKnowledgeBaseConfiguration; v != nil {
				k.EmbeddingModel = aws.ToString(v.EmbeddingModelArn)
			}
		}
		if st := kb.StorageConfiguration; st != nil {
			k.StorageType = string(st.Type)
			if o := st.OpensearchServerlessConfiguration; o != nil {
				k.StorageTarget = aws.ToString(o.CollectionArn)
			}
		}
		k.DataSources = []KBDataSource{}
		p := bedrockagent.NewListDataSourcesPaginator(c.BedrockAgent, &bedrockagent.ListDataSourcesInput{MaxResults: bedrockPage, KnowledgeBaseId: aws.String(k.KnowledgeBaseID)})
		var dsErr error
		err = pages(ctx, p.HasMorePages, p.NextPage, func(o *bedrockagent.ListDataSourcesOutput) []types.DataSourceSummary { return o.DataSourceSummaries },
			func(s types.DataSourceSummary) bool {
				ds, err := c.BedrockAgent.GetDataSource(ctx, &bedrockagent.GetDataSourceInput{KnowledgeBaseId: aws.String(k.KnowledgeBaseID), DataSourceId: s.DataSourceId})
				if err != nil {
					dsErr = err
					return false
				}
				k.DataSources = append(k.DataSources, dataSourceOf(ds.DataSource))
				return true
			})
		if err != nil {
			return err
		}
		return dsErr
	}, c.agentTags)
}

func dataSourceOf(d *types.DataSource) KBDataSource {
	if d == nil {
		return KBDataSource{Prefixes: []string{}}
	}
	out := KBDataSource{ID: aws.ToString(d.DataSourceId), Name: aws.ToString(d.Name), Status: string(d.Status),
		Deletion: string(d.DataDeletionPolicy), Prefixes: []string{}}
	if cfg := d.DataSourceConfiguration; cfg != nil {
		out.Type = string(cfg.Type)
		if s3 := cfg.S3Configuration; s3 != nil {
			out.Bucket = strings.TrimPrefix(aws.ToString(s3.BucketArn), "arn:aws:s3:::")
			out.Prefixes = orEmpty(s3.InclusionPrefixes)
		}
	}
	if e := d.ServerSideEncryptionConfiguration; e != nil {
		out.KmsKey = aws.ToString(e.KmsKeyArn)
	}
	return out
}

// DataUses are the S3 locations the knowledge base ingests, one row per
// bucket prefix of each S3 data source.
func (k *BedrockKnowledgeBase) DataUses() []*cloud.Dataset {
	var out []*cloud.Dataset
	for _, ds := range k.DataSources {
		if ds.Bucket == "" {
			out = append(out, k.dataUse("bedrock_kb_data_source:"+strings.ToLower(ds.Type), "", ds.KmsKey, ds.KeyCMK, BedrockAgents, k.RoleArn, k))
			continue
		}
		prefixes := ds.Prefixes
		if len(prefixes) == 0 {
			prefixes = []string{""}
		}
		for _, p := range prefixes {
			out = append(out, k.dataUse("bedrock_kb_data_source:s3", S3URIOf(ds.Bucket, p), ds.KmsKey, ds.KeyCMK, BedrockAgents, k.RoleArn, k))
		}
	}
	return out
}
