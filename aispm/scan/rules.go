// Package scan judges model files without ever executing or unpickling them:
// pickle streams are walked opcode by opcode and every import is checked
// against an allow-list and a deny-list; archives, NumPy, Keras, safetensors
// and GGUF files are checked for the constructs that run code at load time or
// for headers that do not hold together. Memory, bytes read and time are
// bounded on any input.
package scan

import "strings"

// Severities, worst first.
const (
	SevCritical = "critical"
	SevHigh     = "high"
	SevMedium   = "medium"
	SevLow      = "low"
)

// Rule ids.
const (
	RuleDangerousImport  = "pickle_dangerous_import"   // a deny-listed callable: runs code on load
	RuleUnknownImport    = "pickle_unknown_import"     // neither allowed nor denied: review
	RuleUnresolvedImport = "pickle_unresolved_import"  // an import whose name is computed at load time
	RuleMalformed        = "malformed"                 // a stream or header that does not parse
	RuleLimit            = "limit_exceeded"            // a bound was hit: the rest was not judged
	RuleArchivePath      = "archive_unsafe_path"       // absolute, .. or symlinked member
	RuleZipBomb          = "archive_compression_ratio" // a member that inflates past the limits
	RuleNumpyObject      = "numpy_object_array"        // object dtype: the data is a pickle
	RuleKerasLambda      = "keras_lambda_layer"        // a Lambda layer: Python code in the model
	RuleSafetensors      = "safetensors_invalid"
	RuleGGUF             = "gguf_invalid"
)

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

// denied are modules (every name in them) and module.name pairs that run
// code, reach the OS or the network, or load further pickles.
var deniedModules = []string{
	"os", "posix", "nt", "subprocess", "socket", "ctypes", "runpy", "pty", "shutil", "importlib",
	"pickle", "_pickle", "cPickle", "marshal", "webbrowser", "requests", "urllib", "urllib2", "urllib3",
	"http", "httplib", "ftplib", "smtplib", "telnetlib", "pip", "sys", "code", "codeop", "commands",
	"multiprocessing", "threading", "_thread", "asyncio", "signal", "dill", "zipimport", "pkgutil", "imp",
	"bdb", "pdb", "timeit", "trace", "profile", "cProfile", "platform", "torch.hub", "numpy.testing",
	"_posixsubprocess",
}

var deniedNames = map[string]bool{
	"builtins.eval": true, "builtins.exec": true, "builtins.compile": true, "builtins.getattr": true,
	"builtins.setattr": true, "builtins.delattr": true, "builtins.__import__": true, "builtins.open": true,
	"builtins.input": true, "builtins.breakpoint": true, "builtins.globals": true, "builtins.locals": true,
	"builtins.vars": true, "builtins.apply": true, "builtins.execfile": true,
	"__builtin__.eval": true, "__builtin__.exec": true, "__builtin__.compile": true, "__builtin__.getattr": true,
	"__builtin__.__import__": true, "__builtin__.open": true, "__builtin__.execfile": true, "__builtin__.apply": true,
	"types.CodeType": true, "types.FunctionType": true, "types.LambdaType": true, "types.MethodType": true,
	"functools.partial": true, "functools.reduce": true, "operator.attrgetter": true, "operator.itemgetter": true,
	"operator.methodcaller": true, "torch.serialization.load": true, "torch.load": true, "torch._load_global_deps": true,
	"numpy.load": true, "numpy.lib.npyio.load": true,
}

// allowed are the callables a tensor-style state dict legitimately imports.
var allowedNames = map[string]bool{
	"collections.OrderedDict": true, "collections.defaultdict": true, "collections.Counter": true, "collections.deque": true,
	"torch._utils._rebuild_tensor": true, "torch._utils._rebuild_tensor_v2": true, "torch._utils._rebuild_tensor_v3": true,
	"torch._utils._rebuild_parameter": true, "torch._utils._rebuild_parameter_with_state": true,
	"torch._utils._rebuild_qtensor": true, "torch._utils._rebuild_sparse_tensor": true, "torch._utils._rebuild_nested_tensor": true,
	"torch._utils._rebuild_device_tensor_from_numpy": true, "torch._tensor._rebuild_from_type_v2": true,
	"torch.nn.parameter.Parameter": true, "torch.device": true, "torch.Size": true, "torch.dtype": true,
	"torch.float32": true, "torch.float16": true, "torch.bfloat16": true, "torch.int64": true, "torch.int32": true,
	"torch.int8": true, "torch.uint8": true, "torch.bool": true, "torch.float64": true,
	"numpy.core.multiarray._reconstruct": true, "numpy._core.multiarray._reconstruct": true,
	"numpy.core.multiarray.scalar": true, "numpy._core.multiarray.scalar": true, "numpy.ndarray": true, "numpy.dtype": true,
	"numpy.core.numeric._frombuffer": true, "numpy._core.numeric._frombuffer": true,
	"_codecs.encode": true, "builtins.set": true, "builtins.frozenset": true, "builtins.slice": true, "builtins.complex": true,
	"builtins.bytearray": true, "builtins.range": true, "builtins.tuple": true, "builtins.list": true, "builtins.dict": true,
	"builtins.int": true, "builtins.float": true, "builtins.str": true, "builtins.bytes": true, "builtins.bool": true,
	"__builtin__.set": true, "__builtin__.frozenset": true, "__builtin__.slice": true, "copy_reg._reconstructor": true,
	"copyreg._reconstructor": true, "builtins.object": true, "__builtin__.object": true,
}

// allowedPrefixes are modules whose every name is a dtype type.
var allowedPrefixes = []string{"numpy.dtypes."}

// classify judges one import: "" severity means allowed.
func classify(module, name string) (severity, rule string) {
	full := module + "." + name
	if deniedNames[full] {
		return SevCritical, RuleDangerousImport
	}
	for _, m := range deniedModules {
		if module == m || strings.HasPrefix(module, m+".") || full == m {
			return SevCritical, RuleDangerousImport
		}
	}
	if allowedNames[full] {
		return "", ""
	}
	if strings.HasPrefix(full, "torch.") && strings.HasSuffix(name, "Storage") {
		return "", "" // torch.FloatStorage, torch.storage.UntypedStorage, ...
	}
	for _, p := range allowedPrefixes {
		if strings.HasPrefix(full, p) {
			return "", ""
		}
	}
	return SevMedium, RuleUnknownImport
}
