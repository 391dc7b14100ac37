// Package modgen generates the mod's domain and framework benchmarks from the
// controls' tags, so a benchmark can never disagree with the tags it claims
// to be built from. Run `go run ./internal/modgen/cmd` after changing a control's
// tags; a test fails when the committed file is stale.
package modgen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// GeneratedFile is the file the benchmarks are written to, inside the mod.
const GeneratedFile = "benchmarks_generated.pp"

// Control is a control's name and literal tags.
type Control struct {
	Name, Title, Severity, Description string
	Tags                               map[string]string
}

// ReadControls returns the mod's controls, sorted by name, with the tags
// written in each control's merge().
func ReadControls(modDir string) ([]Control, error) {
	mod, err := ReadMod(modDir)
	if err != nil {
		return nil, err
	}
	out := make([]Control, 0, len(mod.Controls))
	for _, c := range mod.Controls {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// literalTags reads tags = merge(local.x, { ... }) or tags = { ... }: the
// named locals' tag sets (from locals) and the object literals, later
// arguments overriding earlier ones as merge does.
func literalTags(e hclsyntax.Expression, into map[string]string, locals map[string]map[string]string) error {
	if call, ok := e.(*hclsyntax.FunctionCallExpr); ok && call.Name == "merge" {
		for _, arg := range call.Args {
			switch x := arg.(type) {
			case *hclsyntax.ObjectConsExpr:
				if err := literalTags(x, into, locals); err != nil {
					return err
				}
			case *hclsyntax.ScopeTraversalExpr:
				if len(x.Traversal) == 2 && x.Traversal.RootName() == "local" {
					if attr, ok := x.Traversal[1].(hcl.TraverseAttr); ok {
						for k, v := range locals[attr.Name] {
							into[k] = v
						}
					}
				}
			}
		}
		return nil
	}
	obj, ok := e.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return fmt.Errorf("tags is neither merge(..., {...}) nor an object literal")
	}
	for _, item := range obj.Items {
		k, diags := item.KeyExpr.Value(nil)
		if diags.HasErrors() {
			return fmt.Errorf("tag key: %s", diags.Error())
		}
		v, diags := item.ValueExpr.Value(nil)
		if diags.HasErrors() {
			return fmt.Errorf("tag %s: value is not a literal", k.AsString())
		}
		into[k.AsString()] = v.AsString()
	}
	return nil
}

// Domains are the security domains every control is tagged with.
var Domains = []struct{ Tag, Title, Description string }{
	{"network_exposure", "Network exposure", "AI endpoints, workspaces, notebooks and jobs reachable from the internet or able to reach it."},
	{"identity_and_keys", "Identity and keys", "Static keys, local authentication, credentials in code, identities and service accounts."},
	{"data_protection", "Data protection and encryption", "Customer-managed keys on models, data, volumes and logs; training data exposure."},
	{"logging_and_monitoring", "Logging and monitoring", "Invocation and prediction logging."},
	{"guardrails_and_content_safety", "Guardrails and content safety", "Prompt-attack, harm, PII and grounding filters on models and agents."},
	{"supply_chain", "Supply chain and model integrity", "Model artifacts that run code, model provenance and lifecycle, patched images."},
	{"notebooks_and_compute", "Notebooks and compute", "Notebook and compute hardening: root, idle shutdown, sessions, availability."},
	{"threat_detection", "Threat detection", "Runtime detections over audit and invocation logs: LLMjacking, credential access, defense evasion, exposure changes, cost harvesting."},
}

// Frameworks are the framework tags and the titles of their ids. Scope says
// how controls are mapped to the framework (and what is left untagged);
// Broad justifies each id that covers more than a third of the controls.
var Frameworks = []struct {
	Tag, Title, Scope string
	IDs               map[string]string
	Broad             map[string]string
}{
	{"owasp_llm_2025", "OWASP Top 10 for LLM Applications 2025",
		"A control is tagged with the risks its misconfiguration opens. Infrastructure hardening with no LLM-specific risk (notebook root, IMDS, volume keys) carries no OWASP tag.",
		map[string]string{
			"LLM01": "Prompt Injection", "LLM02": "Sensitive Information Disclosure", "LLM03": "Supply Chain",
			"LLM04": "Data and Model Poisoning", "LLM05": "Improper Output Handling", "LLM06": "Excessive Agency",
			"LLM07": "System Prompt Leakage", "LLM08": "Vector and Embedding Weaknesses", "LLM09": "Misinformation",
			"LLM10": "Unbounded Consumption"}, nil},
	{"mitre_atlas", "MITRE ATLAS",
		"A control is tagged with the techniques its misconfiguration enables and the mitigations it verifies.",
		map[string]string{
			"AML.T0010": "AI Supply Chain Compromise", "AML.T0010.001": "AI Supply Chain Compromise: AI Software",
			"AML.T0010.003": "AI Supply Chain Compromise: Model", "AML.T0011.000": "User Execution: Unsafe AI Artifacts",
			"AML.T0012": "Valid Accounts", "AML.T0018": "Manipulate AI Model", "AML.T0020": "Poison Training Data",
			"AML.T0024": "Exfiltration via AI Inference API", "AML.T0025": "Exfiltration via Cyber Means",
			"AML.T0029": "Denial of AI Service", "AML.T0034": "Cost Harvesting", "AML.T0035": "AI Artifact Collection",
			"AML.T0040": "AI Model Inference API Access", "AML.T0048": "External Harms", "AML.T0051": "LLM Prompt Injection",
			"AML.T0051.000": "LLM Prompt Injection: Direct", "AML.T0051.001": "LLM Prompt Injection: Indirect",
			"AML.T0053": "LLM Plugin Compromise", "AML.T0054": "LLM Jailbreak", "AML.T0055": "Unsecured Credentials",
			"AML.T0057": "LLM Data Leakage",
			"M0005":     "Control Access to AI Models and Data at Rest", "M0012": "Encrypt Sensitive Information",
			"M0014": "Verify AI Artifacts", "M0015": "Adversarial Input Detection", "M0016": "Vulnerability Scanning",
			"M0019": "Control Access to AI Models and Data in Production", "M0020": "Generative AI Guardrails",
			"M0023": "AI Bill of Materials", "M0024": "AI Telemetry Logging", "M0025": "Maintain AI Dataset Provenance"}, nil},
	{"nist_ai_rmf", "NIST AI Risk Management Framework",
		"A control is tagged with the subcategories it produces evidence for: MEASURE 2.7 where it tests the AI system's own attack surface (its endpoints, keys, guardrails, artifacts and training paths), MEASURE 2.10 where it protects personal or prompt data, MEASURE 2.4 and MANAGE 4.1 for production monitoring, MAP 4.1, GOVERN 6.1 and MANAGE 3.1/3.2 for third-party models and components, MAP 3.5 and MANAGE 1.1 for release gates. Generic cloud hardening (notebook and compute networking, root, IMDS, IAM policies, volume keys) is cybersecurity hygiene the AI RMF leaves to the NIST Cybersecurity Framework: those controls carry no AI RMF tag.",
		map[string]string{
			"GOVERN 1.6": "AI system inventory", "GOVERN 6.1": "Third-party risk policies",
			"MAP 3.5": "Human oversight processes", "MAP 4.1": "Third-party and legal risks of AI components",
			"MAP 5.1": "Likelihood and magnitude of impacts", "MEASURE 2.4": "AI system monitored in production",
			"MEASURE 2.5": "Validity and reliability", "MEASURE 2.6": "Safety", "MEASURE 2.7": "Security and resilience",
			"MEASURE 2.10": "Privacy risk", "MANAGE 1.1": "Go / no-go for development and deployment",
			"MANAGE 2.2": "Mechanisms to sustain the value of deployed AI", "MANAGE 2.4": "Mechanisms to supersede or deactivate AI",
			"MANAGE 3.1": "Third-party risks monitored", "MANAGE 3.2": "Pre-trained models monitored",
			"MANAGE 4.1": "Post-deployment monitoring"}, nil},
	{"iso_42001", "ISO/IEC 42001 Annex A",
		"A control is tagged with the Annex A control it evidences: A.9.4 (intended use) for guardrails and content filters, A.6.2.8 for event logs, A.6.2.5 for deployment gates, A.10.3 for suppliers, A.7.2 and A.7.5 for training data, A.7.6 (data preparation) for what the training data holds. ISO/IEC 42001 is a management-system standard without access-control or cryptography controls (those are ISO/IEC 27001 Annex A 5.15 and 8.24): network, identity and encryption controls carry no 42001 tag.",
		map[string]string{
			"A.4.3": "Data resources", "A.6.2.5": "AI system deployment", "A.6.2.6": "AI system operation and monitoring",
			"A.6.2.8": "AI system recording of event logs", "A.7.2": "Data for development and enhancement of AI system",
			"A.7.5": "Data provenance", "A.7.6": "Data preparation", "A.9.4": "Intended use of the AI system", "A.10.3": "Suppliers"}, nil},
	{"eu_ai_act", "EU AI Act",
		"A control is tagged with the article whose obligation it evidences for a high-risk AI system: Art. 15(5) (resilience against unauthorised third parties: model and data poisoning, adversarial inputs, confidentiality attacks) for the AI system's own attack surface, Art. 10 for training data, Art. 12 for automatic logs, Art. 9 for attack paths, Art. 14 and 17 for release gates and supplier control. Generic hardening of notebooks and compute carries no tag.",
		map[string]string{
			"Art.9": "Risk management system", "Art.10": "Data and data governance", "Art.12": "Record-keeping",
			"Art.14": "Human oversight", "Art.15": "Accuracy, robustness and cybersecurity", "Art.17": "Quality management system"}, nil},
}

func ident(s string) string {
	r := strings.NewReplacer(".", "_", " ", "_", "-", "_")
	return strings.ToLower(r.Replace(s))
}

func children(names []string) string {
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "    %s,\n", n)
	}
	return b.String()
}

func benchmark(name, title, description string, kids []string, tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w := 0
	for _, k := range keys {
		w = max(w, len(k))
	}
	var t strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&t, "    %-*s = %q\n", w, k, tags[k])
	}
	return fmt.Sprintf("benchmark %q {\n  title       = %q\n  description = %q\n  children = [\n%s  ]\n  tags = {\n%s  }\n}\n\n",
		name, title, description, children(kids), t.String())
}

// Generate renders the domain and framework benchmarks for the controls.
func Generate(controls []Control) (string, error) {
	var b strings.Builder
	b.WriteString("# Generated by `go run ./internal/modgen` from the controls' domain and framework tags. Do not edit.\n\n")
	known := map[string]bool{}
	for _, d := range Domains {
		known[d.Tag] = true
		var kids []string
		for _, c := range controls {
			if c.Tags["domain"] == d.Tag {
				kids = append(kids, "control."+c.Name)
			}
		}
		b.WriteString(benchmark("domain_"+d.Tag, d.Title, d.Description+" Built from the controls' domain tag.", kids,
			map[string]string{"plugin": "aispm", "type": "Benchmark", "domain": d.Tag}))
	}
	for _, c := range controls {
		if !known[c.Tags["domain"]] {
			return "", fmt.Errorf("control %s has domain %q; every control needs one of the %d domains", c.Name, c.Tags["domain"], len(Domains))
		}
	}
	for _, fw := range Frameworks {
		byID := map[string][]string{}
		for _, c := range controls {
			for _, id := range strings.Split(c.Tags[fw.Tag], ",") {
				if id = strings.TrimSpace(id); id == "" {
					continue
				}
				if _, ok := fw.IDs[id]; !ok {
					return "", fmt.Errorf("control %s: %s id %q is not in the framework's list", c.Name, fw.Tag, id)
				}
				byID[id] = append(byID[id], "control."+c.Name)
			}
		}
		ids := make([]string, 0, len(byID))
		for id := range byID {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var subs []string
		for _, id := range ids {
			name := fw.Tag + "_" + ident(id)
			subs = append(subs, "benchmark."+name)
			b.WriteString(benchmark(name, id+": "+fw.IDs[id], fw.Title+" "+id+" ("+fw.IDs[id]+"): the controls tagged with it.", byID[id],
				map[string]string{"plugin": "aispm", "type": "Benchmark", fw.Tag: id}))
		}
		b.WriteString(benchmark(fw.Tag, fw.Title, "aispm's controls mapped to "+fw.Title+", one child benchmark per id, built from the controls' "+fw.Tag+" tags.", subs,
			map[string]string{"plugin": "aispm", "type": "Benchmark", "framework": fw.Tag}))
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}
