HF

n0Placeholder

n1Identity!

fReadFile
f	WriteFile