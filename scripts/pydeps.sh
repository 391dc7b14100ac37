#!/usr/bin/env bash
# The Python loaders that confirm the scanner corpus (scripts/confirm_scan_corpus.py):
# Debian's python3 with PyTorch, NumPy, joblib, h5py, ONNX and Jinja2, installed
# from Debian if missing. Prints the interpreter to use.
set -euo pipefail
PY=/usr/bin/python3
if "$PY" -c "import torch, numpy, joblib, h5py, onnx, jinja2" 2>/dev/null; then echo "$PY"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "the corpus loaders are missing; run as root or: apt-get install python3-torch python3-numpy python3-joblib python3-h5py python3-onnx python3-jinja2" >&2
  exit 1
fi
start=$(date +%s)
echo "installing the corpus loaders (python3-torch, -numpy, -joblib, -h5py, -onnx, -jinja2) from Debian..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends python3-torch python3-numpy python3-joblib python3-h5py python3-onnx python3-jinja2 >&2
echo "corpus loaders installed in $(( $(date +%s) - start ))s" >&2
echo "$PY"
