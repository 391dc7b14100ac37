// Package scan judges model files without ever executing or unpickling them:
// pickle streams are walked opcode by opcode exactly as CPython's unpickler
// would read them, and every import is judged against an allow-list and a
// deny-list; archives, NumPy, joblib, Keras, ONNX, TensorFlow, safetensors and
// GGUF files are checked for the constructs that run code at load time and for
// headers that do not hold together. Memory, bytes read and time are bounded
// on any input, and hitting a bound is a finding, never a clean verdict.
package scan

// Severities, worst first.
const (
	SevCritical = "critical"
	SevHigh     = "high"
	SevMedium   = "medium"
	SevLow      = "low"
)

// Rule ids.
const (
	RuleDangerousImport  = "pickle_dangerous_import"   // a deny-listed callable or module: runs code, reaches the OS or the network
	RuleUnknownImport    = "pickle_unknown_import"     // neither allowed nor denied
	RuleUnresolvedImport = "pickle_unresolved_import"  // an import whose name is computed at load time, or an extension-registry code
	RuleBuildOnImport    = "pickle_build_on_import"    // BUILD applied to an imported class or function: sets its attributes
	RuleNestedLoad       = "pickle_nested_load"        // a payload loaded by a nested loader that could not be judged
	RuleMalformed        = "malformed"                 // a stream or header that does not parse: the loader fails there
	RuleLimit            = "limit_exceeded"            // a bound was hit: the rest was not judged
	RuleArchivePath      = "archive_unsafe_path"       // absolute, .. or linked member
	RuleZipBomb          = "archive_compression_ratio" // a member that inflates past the ratio limit
	RuleNumpyObject      = "numpy_object_array"        // object dtype: loading the array unpickles its data
	RuleKerasLambda      = "keras_lambda_layer"        // a Lambda layer or serialized lambda: Python bytecode in the model
	RuleKerasObject      = "keras_unsafe_object"       // a config object Keras imports from a module outside Keras
	RuleSafetensors      = "safetensors_invalid"       // the header does not parse or does not describe the data
	RuleGGUF             = "gguf_invalid"              // the header or metadata does not hold together
	RuleGGUFTemplate     = "gguf_chat_template"        // a Jinja chat template that reaches Python internals
	RuleONNXCustomOp     = "onnx_custom_operator"      // a node from an operator domain no standard runtime provides
	RuleONNXExternal     = "onnx_external_data_path"   // tensor data read from a path outside the model directory
	RuleTFOp             = "tensorflow_unsafe_op"      // a graph op that reads or writes files or calls Python
)

// RuleDoc says what one rule means, for the docs and for `aispm scan --rules`.
type RuleDoc struct {
	Rule     string
	Severity string // the usual severity (some rules vary, see Meaning)
	Meaning  string
}

// Rules is the catalogue of rules, in the order the docs list them.
var Rules = []RuleDoc{
	{RuleDangerousImport, SevCritical, "A pickle imports a deny-listed module or callable (os, subprocess, builtins.eval/exec/getattr, socket, runpy, pydoc pagers, logging.config, torch.load, ...), resolved the way CPython resolves it: Python 2 names remapped for protocols 0-2, dotted attribute paths walked. Loading the file runs it."},
	{RuleUnknownImport, SevHigh, "A pickle imports something neither allow-listed nor deny-listed. High when the import is called at load time (REDUCE, NEWOBJ, OBJ, INST, or an allow-listed rebuild function that calls its argument); medium when it is only referenced."},
	{RuleUnresolvedImport, SevHigh, "A STACK_GLOBAL whose module or name is not a string known when the file is read, or an EXT1/EXT2/EXT4 opcode (an import taken from the copyreg extension registry)."},
	{RuleBuildOnImport, SevHigh, "BUILD applied to an imported class, function or module: the unpickler calls its __setstate__ or sets its attributes, which can rewire library code."},
	{RuleNestedLoad, SevHigh, "An allow-listed loader (torch.storage._load_from_bytes) is given a payload the scanner could not read back to judge."},
	{RuleMalformed, SevMedium, "The stream or header does not parse the way the loader parses it (truncated pickle, unknown opcode, STOP on an empty stack, a FRAME longer than the data, a NumPy header that is not a valid literal, an array shape larger than the file). The loader raises there; imports before that point are still judged, and after a parse error the rest of the bytes are still searched for imports."},
	{RuleLimit, SevMedium, "A bound was reached (bytes read, time, archive members, pickles in one stream, stack, memo, member size): what lies beyond it was not judged, so the file is not called clean."},
	{RuleArchivePath, SevHigh, "An archive member with an absolute path, a drive letter, a `..` component, or a symlink / hard link: extracting it writes or reads outside the model directory."},
	{RuleZipBomb, SevHigh, "An archive member whose declared inflated size is more than the ratio limit (200:1) times its compressed size. The member is still judged within the bounded reader."},
	{RuleNumpyObject, SevMedium, "A NumPy array whose dtype holds Python objects (any spelling: 'O', '|O', 'object', a structured dtype with an object field): numpy.load(allow_pickle=True) unpickles its data, which is judged as a pickle too."},
	{RuleKerasLambda, SevHigh, "A Keras Lambda layer (class_name Lambda, or a serialized __lambda__ function) in config.json, an .h5 model_config or a SavedModel's keras_metadata.pb: its Python bytecode runs when the model is loaded or called."},
	{RuleKerasObject, SevHigh, "A Keras 3 config object whose module is outside Keras and TensorFlow (critical when the module or function is deny-listed): Keras imports it by name when deserializing."},
	{RuleSafetensors, SevMedium, "The safetensors header is not valid: it does not parse, names an unknown dtype, or its offsets overlap, leave holes, run past the data or disagree with dtype x shape."},
	{RuleGGUF, SevMedium, "The GGUF header or metadata does not hold together: unknown version, counts or string lengths past the end of the file, unknown value types, tensor data past the end."},
	{RuleGGUFTemplate, SevHigh, "A GGUF chat template (tokenizer.chat_template*) whose Jinja reaches Python internals (__class__, __globals__, __subclasses__, |attr, ...): rendered outside a sandbox it runs code."},
	{RuleONNXCustomOp, SevMedium, "An ONNX node in an operator domain that neither ONNX nor ONNX Runtime provides (high for Python-operator domains): the model needs a custom operator library, that is, native code from elsewhere."},
	{RuleONNXExternal, SevHigh, "An ONNX tensor whose external data location is absolute, has a drive letter or climbs out of the model directory with `..`."},
	{RuleTFOp, SevHigh, "A TensorFlow graph op that reads or writes files or calls back into Python (ReadFile, WriteFile, MatchingFiles, PyFunc, EagerPyFunc, ...), in saved_model.pb or a frozen GraphDef, including inside graph functions."},
}

// rank orders severities for "worst finding" comparisons.
func rank(sev string) int {
	switch sev {
	case SevCritical:
		return 4
	case SevHigh:
		return 3
	case SevMedium:
		return 2
	case SevLow:
		return 1
	}
	return 0
}
