package scan

import (
	"strings"
	"unicode"
)

// The import policy. An import is judged by the fully resolved dotted path the
// unpickler would reach: the module (after Python 2 remapping for protocols
// 0-2) plus the attribute path of the name. Deny rules match that path and any
// attribute walk inside it; allow rules match exact paths only, so no allow
// rule can be walked through.

// deniedModules: every name in these modules (and their submodules) runs code,
// reaches the OS, the file system or the network, or loads further payloads.
var deniedModules = []string{
	// processes, the OS, native code
	"os", "posix", "nt", "_posixsubprocess", "subprocess", "pty", "ctypes", "_ctypes", "cffi", "signal",
	"multiprocessing", "_multiprocessing", "concurrent", "threading", "_thread", "thread", "_winapi", "msvcrt",
	"winreg", "_winreg", "resource", "fcntl", "termios", "grp", "pwd", "spwd", "crypt", "syslog",
	// running code and importing it
	"runpy", "code", "codeop", "importlib", "zipimport", "pkgutil", "imp", "sys", "builtins.__import__",
	"bdb", "pdb", "timeit", "trace", "profile", "cProfile", "doctest", "pydoc", "idlelib", "inspect",
	"compileall", "py_compile", "ast", "dis", "gc", "atexit", "site", "sysconfig", "_osx_support", "_aix_support",
	"distutils", "setuptools", "pip", "ensurepip", "venv", "lib2to3",
	// files
	"shutil", "tempfile", "glob", "fileinput", "linecache", "shelve", "dbm", "sqlite3", "_sqlite3", "zipfile",
	"tarfile", "io", "_io", "codecs", "mmap", "filecmp", "netrc", "mailbox", "logging.config",
	"logging.handlers",
	// further payloads
	"pickle", "_pickle", "cPickle", "pickletools", "copyreg.add_extension", "marshal", "dill", "cloudpickle",
	"joblib.load", "joblib.numpy_pickle.load", "joblib.numpy_pickle_compat", "torch.hub", "torch.jit",
	"torch.package", "torch.utils.cpp_extension", "torch.distributed", "torch._dynamo", "torch.compiler",
	"torch.ops", "torch.classes", "torch._C._jit", "torch.serialization.load", "torch.serialization._load",
	"torch.serialization._legacy_load", "torch.load", "torch._load_global_deps", "numpy.testing", "numpy.f2py",
	"numpy.distutils", "numpy.ctypeslib", "numpy.load", "numpy.loadtxt", "numpy.genfromtxt", "numpy.fromfile",
	"numpy.lib.npyio", "numpy.lib.format", "numpy.lib.utils", "pandas.read_pickle", "pandas.io",
	"tensorflow.io", "tensorflow.python.ops.script_ops", "keras.utils.get_file", "keras.models.load_model",
	// the network and the user's desktop
	"socket", "_socket", "ssl", "select", "selectors", "asyncio", "asyncore", "asynchat", "socketserver",
	"http", "httplib", "urllib", "urllib2", "urllib3", "requests", "httpx", "aiohttp", "ftplib", "smtplib",
	"telnetlib", "poplib", "imaplib", "nntplib", "xmlrpc", "xmlrpclib", "webbrowser", "antigravity", "turtle",
	"tkinter", "Tkinter", "uuid._get_command_stdout", "uuid._popen", "uuid._ifconfig_getnode",
	"uuid._ip_getnode", "uuid._arp_getnode", "uuid._lanscan_getnode", "uuid._netstat_getnode",
	"uuid._ipconfig_getnode", "uuid._netbios_getnode", "uuid._find_mac", "uuid._find_mac_near_keyword",
	"uuid._find_mac_under_heading", "platform", "commands", "popen2",
}

// deniedNames: single callables that run code, reach attributes by name or
// call their arguments later. An attribute walk from one (x.__self__) is
// denied as well.
var deniedNames = []string{
	"builtins.eval", "builtins.exec", "builtins.compile", "builtins.getattr", "builtins.setattr",
	"builtins.delattr", "builtins.__import__", "builtins.open", "builtins.input", "builtins.breakpoint",
	"builtins.globals", "builtins.locals", "builtins.vars", "builtins.help", "builtins.exit", "builtins.quit",
	"builtins.copyright", "builtins.credits", "builtins.license", "builtins.apply", "builtins.execfile",
	"builtins.reload", "builtins.__loader__", "builtins.__spec__", "builtins.__build_class__",
	"types.CodeType", "types.FunctionType", "types.LambdaType", "types.MethodType", "types.ModuleType",
	"types.new_class", "types.coroutine", "functools.partial", "functools.partialmethod", "functools.reduce",
	"functools.singledispatch", "functools.wraps", "functools.update_wrapper", "functools.cache",
	"functools.lru_cache", "functools.cached_property",
	"operator.attrgetter", "operator.itemgetter", "operator.methodcaller", "operator.call",
	"itertools.starmap", "copyreg.add_extension", "copyreg.dispatch_table", "copyreg.pickle",
	"torch.storage._load_from_file",
}

// allowedNames: the callables and classes that plain data needs (tensor and
// array rebuilds, containers, dtypes), the set PyTorch's weights_only
// unpickler accepts plus NumPy's and joblib's array wrappers. Exact paths.
var allowedNames = setOf(
	"collections.OrderedDict", "collections.defaultdict", "collections.Counter", "collections.deque",
	"collections.namedtuple", "argparse.Namespace", "pathlib.PosixPath", "pathlib.WindowsPath",
	"pathlib.PurePosixPath", "pathlib.PureWindowsPath", "pathlib.Path", "datetime.datetime", "datetime.date", "datetime.time",
	"datetime.timedelta", "datetime.timezone", "decimal.Decimal", "fractions.Fraction", "uuid.UUID",
	"copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__", "_codecs.encode",
	"builtins.set", "builtins.frozenset", "builtins.slice", "builtins.complex", "builtins.bytearray",
	"builtins.bytes", "builtins.range", "builtins.tuple", "builtins.list", "builtins.dict", "builtins.int",
	"builtins.float", "builtins.str", "builtins.bool", "builtins.object", "builtins.Ellipsis",
	"builtins.NotImplemented", "builtins.print",
	"torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
	"torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
	"torch._utils._rebuild_qtensor", "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_nested_tensor",
	"torch._utils._rebuild_device_tensor_from_numpy", "torch._utils._rebuild_meta_tensor_no_storage",
	"torch._utils._rebuild_wrapper_subclass", "torch._utils._rebuild_xla_tensor", "torch._utils._rebuild_mkldnn_tensor",
	"torch._utils._rebuild_device_tensor_from_cpu_tensor", "torch._tensor._rebuild_from_type",
	"torch._tensor._rebuild_from_type_v2", "torch.storage._load_from_bytes",
	"torch.nn.parameter.Parameter", "torch.nn.parameter.Buffer", "torch.Tensor", "torch.Size", "torch.device",
	"torch.dtype", "torch.serialization._get_layout", "torch.strided", "torch.sparse_coo", "torch.sparse_csr",
	"torch.sparse_csc", "torch.sparse_bsr", "torch.sparse_bsc", "torch._mkldnn", "torch.per_tensor_affine",
	"torch.per_channel_affine", "torch.per_tensor_symmetric", "torch.per_channel_symmetric",
	"torch.per_channel_affine_float_qparams", "torch.memory_format", "torch.contiguous_format",
	"torch.channels_last", "torch.channels_last_3d", "torch.preserve_format",
	"torch.storage.UntypedStorage", "torch.storage.TypedStorage", "torch.storage._LegacyStorage",
	"torch.UntypedStorage", "torch.TypedStorage", "torch.optim.lr_scheduler.LambdaLR.__init__",
	"numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.core.multiarray.scalar",
	"numpy._core.multiarray.scalar", "numpy.ndarray", "numpy.dtype", "numpy.core.numeric._frombuffer",
	"numpy._core.numeric._frombuffer", "numpy.ma.core._mareconstruct", "numpy.ma.core.MaskedArray",
	"numpy.random._pickle.__randomstate_ctor", "numpy.random._pickle.__bit_generator_ctor",
	"numpy.random._pickle.__generator_ctor", "numpy.random.mtrand.RandomState",
	"joblib.numpy_pickle.NumpyArrayWrapper", "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
)

func init() {
	// torch dtypes and typed storages, numpy scalar types and dtype classes.
	for _, t := range []string{"float32", "float", "float64", "double", "float16", "half", "bfloat16", "int64",
		"long", "int32", "int", "int16", "short", "int8", "uint8", "uint16", "uint32", "uint64", "bool",
		"complex32", "complex64", "complex128", "cfloat", "cdouble", "chalf", "quint8", "qint8", "qint32",
		"quint4x2", "quint2x4", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz"} {
		allowedNames["torch."+t] = true
	}
	for _, s := range []string{"Double", "Float", "Half", "Long", "Int", "Short", "Char", "Byte", "Bool",
		"BFloat16", "ComplexDouble", "ComplexFloat", "QUInt8", "QInt8", "QInt32", "QUInt4x2", "QUInt2x4"} {
		allowedNames["torch."+s+"Storage"] = true
		allowedNames["torch.cuda."+s+"Storage"] = true
		allowedNames["torch.storage."+s+"Storage"] = true
		allowedNames["torch."+s+"Tensor"] = true // legacy tensor types, as legacy tars name them
		allowedNames["torch.cuda."+s+"Tensor"] = true
	}
	for _, t := range []string{"bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
		"float16", "float32", "float64", "longdouble", "complex64", "complex128", "clongdouble", "str_", "bytes_",
		"void", "datetime64", "timedelta64", "intc", "uintc", "longlong", "ulonglong", "half", "single", "double"} {
		allowedNames["numpy."+t] = true
	}
	for _, t := range []string{"Bool", "Int8", "UInt8", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64",
		"Long", "ULong", "LongLong", "ULongLong", "Byte", "UByte", "Short", "UShort", "Int", "UInt", "Float16",
		"Float32", "Float64", "LongDouble", "Complex64", "Complex128", "CLongDouble", "Object", "Bytes", "Str",
		"Void", "DateTime64", "TimeDelta64", "String"} {
		allowedNames["numpy.dtypes."+t+"DType"] = true
	}
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// calledArgs are allow-listed callables that call (or instantiate) some of
// their arguments: the positions given are judged as called.
var calledArgs = map[string][]int{
	"copyreg._reconstructor":                 {0},
	"copyreg.__newobj__":                     {0},
	"copyreg.__newobj_ex__":                  {0},
	"collections.defaultdict":                {0},
	"torch._tensor._rebuild_from_type":       {0, 1},
	"torch._tensor._rebuild_from_type_v2":    {0, 1},
	"torch._utils._rebuild_wrapper_subclass": {0},
	"numpy.core.multiarray._reconstruct":     {0},
	"numpy._core.multiarray._reconstruct":    {0},
	"numpy.ma.core._mareconstruct":           {0, 1},
}

// resolve applies the unpickler's Python 2 name remapping (protocols 0-2).
func resolve(module, name string, proto int) (string, string) {
	if proto >= 3 {
		return module, name
	}
	if to, ok := compatNames[[2]string{module, name}]; ok {
		return to[0], to[1]
	}
	if to, ok := compatModules[module]; ok {
		return to, name
	}
	return module, name
}

// importable reports whether a module or attribute path can name anything:
// dotted, non-empty identifier components. Anything else makes the import
// fail, which stops the load there.
func importable(path string) bool {
	if path == "" {
		return false
	}
	for _, comp := range strings.Split(path, ".") {
		if comp == "" {
			return false
		}
		for i, r := range comp {
			if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
				return false
			}
		}
	}
	return true
}

// deniedPath reports whether a dotted path is, or lies inside, a denied
// module or callable.
func deniedPath(path string) bool {
	for _, d := range deniedModules {
		if path == d || strings.HasPrefix(path, d+".") {
			return true
		}
	}
	for _, d := range deniedNames {
		if path == d || strings.HasPrefix(path, d+".") {
			return true
		}
	}
	return false
}

// verdict classifies one import. sev "" means allowed; ok false means the
// import cannot succeed (the load stops there).
func verdict(module, name string, proto int) (sev, rule, path string, ok bool) {
	m, n := resolve(module, name, proto)
	path = m + "." + n
	if !importable(m) || !importable(n) {
		return "", "", path, false
	}
	if m == "__builtin__" { // Python 2 spelling under protocol 3+: judged as builtins
		m = "builtins"
	}
	full := m + "." + n
	if deniedPath(full) || (m+"."+n != module+"."+name && deniedPath(module+"."+name)) {
		return SevCritical, RuleDangerousImport, path, true
	}
	if allowedNames[full] {
		return "", "", path, true
	}
	// An attribute path walks from the module through each component: any
	// walk through a denied module or callable (tempfile._os.system,
	// torch.hub.load, x.sys.modules) reaches it.
	if comps := strings.Split(n, "."); len(comps) > 1 {
		for _, c := range comps {
			if len(c) > 4 && strings.HasPrefix(c, "__") && strings.HasSuffix(c, "__") {
				return SevCritical, RuleDangerousImport, path, true // __globals__, __builtins__, __subclasses__, ...
			}
		}
		for i := 0; i < len(comps)-1; i++ {
			head := strings.TrimLeft(comps[i], "_")
			walk := strings.Join(append([]string{head}, comps[i+1:]...), ".")
			if deniedPath(walk) || deniedPath(head) || deniedPath(strings.Join(comps[:i+1], ".")) {
				return SevCritical, RuleDangerousImport, path, true
			}
		}
	}
	return SevMedium, RuleUnknownImport, path, true
}
