#!/usr/bin/env python3
"""Writes the model-scanner test corpus (aispm/scan/testdata/corpus) with the
standard library only: real pickle streams at every protocol, PyTorch-style zip
and legacy archives, NumPy, Keras, safetensors and GGUF files, benign and
malicious. Nothing here is ever unpickled. Run: python3 scripts/gen_scan_corpus.py
"""
import collections, io, json, os, pickle, struct, sys, tarfile, types, zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "aispm", "scan", "testdata", "corpus")

# A stand-in torch module, so pickle writes the GLOBALs a real state dict has.
torch = types.ModuleType("torch"); utils = types.ModuleType("torch._utils")
class FloatStorage: pass
FloatStorage.__module__ = "torch"
def _rebuild_tensor_v2(*a): pass
_rebuild_tensor_v2.__module__ = "torch._utils"
torch.FloatStorage = FloatStorage; torch._utils = utils; utils._rebuild_tensor_v2 = _rebuild_tensor_v2
sys.modules["torch"] = torch; sys.modules["torch._utils"] = utils

class Tensor:
    def __init__(self, key, n): self.key, self.n = key, n
    def __reduce__(self):
        return (_rebuild_tensor_v2, (("storage", FloatStorage, self.key, "cpu", self.n), 0, (self.n,), (1,), False, collections.OrderedDict()))

class StatePickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj if isinstance(obj, tuple) and obj and obj[0] == "storage" else None

def state_dict_pickle(protocol=2):
    sd = collections.OrderedDict([("encoder.weight", Tensor("0", 16)), ("encoder.bias", Tensor("1", 4))])
    buf = io.BytesIO(); StatePickler(buf, protocol=protocol).dump(sd); return buf.getvalue()

class Reduce:
    def __init__(self, fn, args): self.fn, self.args = fn, args
    def __reduce__(self): return (self.fn, self.args)
    def __call__(self, *a): raise RuntimeError("never called")

import builtins, os as _os, subprocess, socket, runpy, webbrowser
PAYLOADS = {
    "os_system": lambda: Reduce(_os.system, ("id",)),
    "subprocess_popen": lambda: Reduce(subprocess.Popen, (["sh", "-c", "id"],)),
    "builtins_eval": lambda: Reduce(builtins.eval, ("1+1",)),
    "builtins_exec": lambda: Reduce(builtins.exec, ("import os",)),
    "runpy": lambda: Reduce(runpy._run_code, ("print(1)", {})),
    "socket": lambda: Reduce(socket.create_connection, (("127.0.0.1", 9),)),
    "webbrowser": lambda: Reduce(webbrowser.open, ("http://127.0.0.1/",)),
}

def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f: f.write(data)

def main():
    os.makedirs(OUT, exist_ok=True)
    for proto in range(0, 6):
        write(f"benign_state_dict_p{proto}.pkl", state_dict_pickle(proto))
        for kind, make in PAYLOADS.items():
            write(f"evil_{kind}_p{proto}.pkl", pickle.dumps(make(), protocol=proto))
    # A getattr chain: getattr(__import__("os"), "system")("id"), three nested REDUCEs.
    chain = Reduce(Reduce(builtins.getattr, (Reduce(builtins.__import__, ("os",)), "system")), ("id",))
    write("evil_getattr_p2.pkl", pickle.dumps(chain, protocol=2))
    # Memo-carried names: protocol 4 memoizes "posix"/"os" once and fetches them with BINGET.
    write("evil_memoized_stack_global_p4.pkl", pickle.dumps([Reduce(_os.system, ("a",)), Reduce(_os.system, ("b",)), Reduce(_os.getcwd, ())], protocol=4))
    # PyTorch zip: benign and malicious data.pkl next to tensor data that is never read.
    for name, pkl in [("benign_torch.pt", state_dict_pickle(2)), ("evil_torch.pt", pickle.dumps(Reduce(_os.system, ("id",)), protocol=2))]:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            z.writestr("archive/data.pkl", pkl)
            z.writestr("archive/byteorder", "little")
            z.writestr("archive/data/0", b"\0" * 64 * 1024)
            z.writestr("archive/data/1", b"\0" * 16)
            z.writestr("archive/version", "3\n")
        write(name, buf.getvalue())
    # Legacy torch.save: magic number, protocol, sys info, the object, storage keys, raw storage bytes.
    def legacy(obj):
        out = io.BytesIO()
        for part in (0x1950a86a20f9469cfc6c, 1001, {"protocol_version": 1001, "little_endian": True}):
            pickle.dump(part, out, protocol=2)
        pickle.dump(obj, out, protocol=2); pickle.dump(["0"], out, protocol=2)
        out.write(b"\x07" * 256)
        return out.getvalue()
    write("benign_legacy.pth", legacy(collections.OrderedDict([("w", 1.0)])))
    write("evil_legacy.pth", legacy(Reduce(_os.system, ("id",))))
    # Legacy tar format.
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for member, data in [("sys_info", pickle.dumps({"little_endian": True}, protocol=2)), ("pickle", pickle.dumps(Reduce(subprocess.check_output, (["id"],)), protocol=2)), ("storages", b"\0" * 32)]:
            info = tarfile.TarInfo(member); info.size = len(data); t.addfile(info, io.BytesIO(data))
    write("evil_legacy_tar.pt", buf.getvalue())
    # NumPy: a float32 array, and an object array (its payload is a pickle).
    def npy(descr, payload):
        header = "{'descr': '%s', 'fortran_order': False, 'shape': (2,), }" % descr
        header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + payload
    write("benign_array.npy", npy("<f4", struct.pack("<2f", 1.0, 2.0)))
    write("evil_object_array.npy", npy("|O", pickle.dumps([Reduce(_os.system, ("id",)), 2], protocol=3)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("weights.npy", npy("<f4", struct.pack("<2f", 1.0, 2.0)))
        z.writestr("meta.npy", npy("|O", pickle.dumps(Reduce(_os.system, ("id",)), protocol=3)))
    write("evil_arrays.npz", buf.getvalue())
    # Keras v3 (.keras zip) and a legacy .h5 whose model_config names a Lambda layer.
    def keras(layers):
        cfg = {"class_name": "Sequential", "config": {"name": "m", "layers": layers}}
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("config.json", json.dumps(cfg)); z.writestr("metadata.json", "{}"); z.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 64)
        return buf.getvalue()
    dense = {"class_name": "Dense", "config": {"name": "dense", "units": 4}}
    write("benign_model.keras", keras([dense]))
    write("evil_lambda.keras", keras([dense, {"class_name": "Lambda", "config": {"name": "exfil", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA"}}}}]))
    write("evil_lambda.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 120 + json.dumps({"class_name": "Functional", "config": {"layers": [{"class_name": "Lambda", "config": {"name": "l"}}]}}).encode() + b"\0" * 64)
    # safetensors: valid, and with offsets past the end.
    def safetensors(hdr, data):
        h = json.dumps(hdr).encode(); return struct.pack("<Q", len(h)) + h + data
    write("benign.safetensors", safetensors({"__metadata__": {"format": "pt"}, "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}, b"\0" * 16))
    write("bad_offsets.safetensors", safetensors({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 4096]}}, b"\0" * 16))
    # GGUF: a sane header, and one claiming 2^40 tensors.
    write("benign.gguf", b"GGUF" + struct.pack("<IQQ", 3, 2, 5) + b"\0" * 32)
    write("bad_counts.gguf", b"GGUF" + struct.pack("<IQQ", 3, 1 << 40, 5) + b"\0" * 32)
    print("wrote", len(os.listdir(OUT)), "files to", os.path.normpath(OUT))
    demo_objects()

# The demo estate's model objects, served by the simulator from S3, Cloud
# Storage and Azure Blob: SageMaker-style model.tar.gz archives, PyTorch zips,
# safetensors and joblib pickles, benign and malicious.
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
        "benign_torch.pt": c("benign_torch.pt"),
        "evil_torch.pt": c("evil_torch.pt"),
        "benign.safetensors": c("benign.safetensors"),
        "evil_lambda.keras": c("evil_lambda.keras"),
        "benign_state_dict.pkl": c("benign_state_dict_p4.pkl"),
        "evil_getattr.pkl": c("evil_getattr_p2.pkl"),
        "config.json": b'{"architectures": ["LlamaForCausalLM"]}',
    }
    for name, data in files.items():
        with open(os.path.join(OBJECTS, name), "wb") as f: f.write(data)
    print("wrote", len(files), "demo objects to", os.path.normpath(OBJECTS))

if __name__ == "__main__":
    main()
