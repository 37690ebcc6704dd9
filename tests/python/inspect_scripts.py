"""Compiles Python files and lists the string constants in each, for the render tests.

Reads a JSON list of paths on stdin; writes a JSON object {path: {"ok": bool, "error": str, "strings": [...]}}.
Strings are emitted with ensure_ascii so lone surrogates survive the trip back to JavaScript.
"""

import ast
import json
import sys

result = {}
for path in json.load(sys.stdin):
    with open(path, "rb") as f:
        source = f.read()
    try:
        compile(source, path, "exec", dont_inherit=True)
        tree = ast.parse(source, path)
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        result[path] = {"ok": True, "error": "", "strings": strings}
    except (SyntaxError, ValueError) as e:
        result[path] = {"ok": False, "error": f"{type(e).__name__}: {e}", "strings": []}
json.dump(result, sys.stdout, ensure_ascii=True)
