#!/usr/bin/env python3
"""Reference applier of gateway-mapper field maps: Python 3, standard library only.

Applies a field map (as stored in `model_mappings.field_map`) to one logged exchange and prints the
record `gateway-mapper normalize --id N --json` prints for it. It is written to be read and copied
by a gateway team: one section per part of the spec (schemas/FIELD_MAP.md), top to bottom:

  1. strict JSON (RFC 8259) into a tree that keeps duplicate members and raw text
  2. JSONPath (the catalog subset: $, .name, ['name'], [n], [-n], [*])
  3. body framing: JSON, SSE, NDJSON, multipart form fields, plain text
  4. roles: what kind of value each takes, item maps (messages, tool calls)
  5. streams: events, event names, deltas, the envelope roles
  6. token arithmetic and the record

Usage:
  python3 apply.py CASE_DIR...      one JSON record per case, one line each, in the order given
  python3 apply.py --check ROOT     compare every case under ROOT with its expected.json
"""

import base64
import json
import os
import sys

# ---------------------------------------------------------------------------------------------
# 1. Strict JSON. A value is a Node; objects keep every member in order, duplicates included
#    (a path reads the first that is acceptable, so the first duplicate wins).

MAX_DEPTH = 512
sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * MAX_DEPTH + 200))  # the parser recurses per level
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


class JSONError(Exception):
    def __init__(self, reason, offset):
        super().__init__(f"{reason} at byte {offset}")
        self.reason, self.offset = reason, offset


class Node:
    """kind: object (value: [(key, Node)]), array ([Node]), string (str), number, true/false, null.
    `raw` is the source text of strings (between the quotes) and numbers."""
    __slots__ = ("kind", "value", "raw", "int_literal")

    def __init__(self, kind, value=None, raw=None, int_literal=False):
        self.kind, self.value, self.raw, self.int_literal = kind, value, raw, int_literal

    def compact(self):
        """Compact JSON from the source tokens (strings and numbers as written)."""
        if self.kind == "object":
            return "{" + ",".join('"' + k_raw + '":' + v.compact() for (_, v, k_raw) in self.value) + "}"
        if self.kind == "array":
            return "[" + ",".join(v.compact() for v in self.value) + "]"
        if self.kind == "string":
            return '"' + self.raw + '"'
        if self.kind == "number":
            return self.raw
        return self.kind


WS = b" \t\r\n"
ESCAPES = {ord('"'): '"', ord("\\"): "\\", ord("/"): "/", ord("b"): "\b", ord("f"): "\f",
           ord("n"): "\n", ord("r"): "\r", ord("t"): "\t"}


class Parser:
    def __init__(self, data):
        self.b = data
        self.i = 3 if data[:3] == b"\xef\xbb\xbf" else 0   # a leading BOM is skipped
        self.depth = 0

    def fail(self, reason, at=None):
        raise JSONError(reason, self.i if at is None else at)

    def ws(self):
        b, i = self.b, self.i
        while i < len(b) and b[i] in WS:
            i += 1
        self.i = i

    def document(self):
        self.ws()
        if self.i >= len(self.b):
            self.fail("empty" if self.i == len(self.b) and not self.b.strip(WS + b"\xef\xbb\xbf") else "truncated")
        node = self.value()
        self.ws()
        if self.i < len(self.b):
            self.fail("trailing_garbage")
        return node

    def value(self):
        self.ws()
        b = self.b
        if self.i >= len(b):
            self.fail("truncated")
        c = b[self.i]
        if c == 0x7B:
            return self.container(True)
        if c == 0x5B:
            return self.container(False)
        if c == 0x22:
            self.i += 1
            text, raw = self.string()
            return Node("string", text, raw)
        if c == 0x2D or 0x30 <= c <= 0x39:
            return self.number()
        for word, kind in ((b"true", "true"), (b"false", "false"), (b"null", "null")):
            if c == word[0]:
                for k in range(len(word)):
                    if self.i + k >= len(b):
                        self.fail("truncated", len(b))
                    if b[self.i + k] != word[k]:
                        self.fail("unexpected_character", self.i + k)
                self.i += len(word)
                return Node(kind)
        if c in (ord("N"), ord("I")):
            self.fail("nan")
        self.fail("unexpected_character")

    def container(self, is_object):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail("too_deep")
        self.i += 1
        items = []
        close = 0x7D if is_object else 0x5D
        self.ws()
        if self.i >= len(self.b):
            self.fail("truncated")
        if self.b[self.i] == close:
            self.i += 1
            self.depth -= 1
            return Node("object" if is_object else "array", items)
        while True:
            if is_object:
                self.ws()
                if self.i >= len(self.b):
                    self.fail("truncated")
                if self.b[self.i] != 0x22:
                    self.fail("unexpected_character")
                self.i += 1
                key, key_raw = self.string()
                self.ws()
                if self.i >= len(self.b):
                    self.fail("truncated")
                if self.b[self.i] != 0x3A:
                    self.fail("unexpected_character")
                self.i += 1
                items.append((key, self.value(), key_raw))
            else:
                items.append(self.value())
            self.ws()
            if self.i >= len(self.b):
                self.fail("truncated")
            c = self.b[self.i]
            self.i += 1
            if c == close:
                self.depth -= 1
                return Node("object" if is_object else "array", items)
            if c != 0x2C:
                self.fail("unexpected_character", self.i - 1)

    def string(self):
        """After the opening quote: (decoded text, raw text). UTF-8 is validated; raw control
        characters are refused; a lone surrogate escape decodes to U+FFFD."""
        b, start, out = self.b, self.i, []
        i = start
        while True:
            if i >= len(b):
                self.fail("truncated", len(b))
            c = b[i]
            if c == 0x22:
                self.i = i + 1
                raw = b[start:i].decode("utf-8")
                return "".join(out), raw
            if c < 0x20:
                self.fail("control_character", i)
            if c == 0x5C:
                if i + 1 >= len(b):
                    self.fail("truncated", len(b))
                e = b[i + 1]
                if e in ESCAPES:
                    out.append(ESCAPES[e])
                    i += 2
                    continue
                if e != ord("u"):
                    self.fail("invalid_escape", i)
                unit, i = self.hex4(i), i + 6
                if 0xD800 <= unit < 0xDC00 and b[i:i + 2] == b"\\u":
                    low = self.hex4(i)
                    if 0xDC00 <= low < 0xE000:
                        out.append(chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
                        i += 6
                        continue
                out.append("\ufffd" if 0xD800 <= unit < 0xE000 else chr(unit))
                continue
            if c < 0x80:
                out.append(chr(c))
                i += 1
                continue
            length = 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
            if length == 0 or i + length > len(b):
                self.fail("invalid_utf8" if length == 0 else "truncated", i if length == 0 else len(b))
            try:
                out.append(b[i:i + length].decode("utf-8"))
            except UnicodeDecodeError:
                self.fail("invalid_utf8", i)
            i += length

    def hex4(self, i):
        digits = self.b[i + 2:i + 6]
        if len(digits) < 4:
            self.fail("truncated", len(self.b))
        try:
            return int(digits.decode("ascii"), 16) if all(ch in b"0123456789abcdefABCDEF" for ch in digits) else self.fail("invalid_escape", i)
        except UnicodeDecodeError:
            self.fail("invalid_escape", i)

    def number(self):
        b, start = self.b, self.i
        i = start
        if b[i] == 0x2D:
            i += 1
            if i < len(b) and b[i] in (ord("I"), ord("N")):
                self.fail("nan", start)
        if i >= len(b):
            self.fail("truncated", len(b))
        if b[i] == 0x30:
            i += 1
        elif 0x31 <= b[i] <= 0x39:
            while i < len(b) and 0x30 <= b[i] <= 0x39:
                i += 1
        else:
            self.fail("invalid_number", i)
        integer = True
        if i < len(b) and b[i] == 0x2E:
            integer, i = False, i + 1
            if i >= len(b) or not 0x30 <= b[i] <= 0x39:
                self.fail("invalid_number", i)
            while i < len(b) and 0x30 <= b[i] <= 0x39:
                i += 1
        if i < len(b) and b[i] in (0x65, 0x45):
            integer, i = False, i + 1
            if i < len(b) and b[i] in (0x2B, 0x2D):
                i += 1
            if i >= len(b) or not 0x30 <= b[i] <= 0x39:
                self.fail("invalid_number", i)
            while i < len(b) and 0x30 <= b[i] <= 0x39:
                i += 1
        if i < len(b) and 0x30 <= b[i] <= 0x39:
            self.fail("invalid_number", i)  # a leading zero
        self.i = i
        raw = b[start:i].decode("ascii")
        return Node("number", raw=raw, int_literal=integer)


def parse_json(data):
    return Parser(data).document()


# Captured values, as the roles see them.

def captured(node):
    """A node as a (type, value) pair: integer (fits int64), number, string, bool, null, object, array."""
    k = node.kind
    if k == "number":
        if node.int_literal:
            n = int(node.raw)
            if INT64_MIN <= n <= INT64_MAX:
                return ("integer", n)
            return ("number", float(node.raw), True)
        return ("number", float(node.raw), False)
    if k == "string":
        return ("string", node.value)
    if k in ("true", "false"):
        return ("bool", k == "true")
    if k == "null":
        return ("null",)
    return (k, node)


def type_name(v):
    return {"integer": "integer", "string": "string", "bool": "boolean", "null": "null", "object": "object",
            "array": "array", "measured": "string"}.get(v[0]) or ("integer" if v[2] else "number")


def scalar_text(v):
    if v[0] == "string":
        return v[1]
    if v[0] == "integer":
        return str(v[1])
    if v[0] == "number":
        return str(int(v[1])) if v[2] and abs(v[1]) < 1e18 else swift_double(v[1])
    if v[0] == "bool":
        return "true" if v[1] else "false"
    return None


def swift_double(x):
    text = repr(x)
    return text[:-2] if text.endswith(".0") else text


def json_or_string(v):
    if v[0] in ("object", "array"):
        return v[1].compact()
    return scalar_text(v)


# ---------------------------------------------------------------------------------------------
# 2. JSONPath: $, .name, ['name'], [n] (negative from the end), [*] (every element or member).

def parse_path(text):
    assert text.startswith("$"), text
    comps, i = [], 1
    while i < len(text):
        if text[i] == ".":
            j = i + 1
            while j < len(text) and text[j] not in ".[":
                j += 1
            comps.append(("key", text[i + 1:j]))
            i = j
        elif text.startswith("[*]", i):
            comps.append(("wild",))
            i += 3
        elif text.startswith("['", i):
            j, name = i + 2, []
            while text[j] != "'":
                if text[j] == "\\":
                    j += 1
                name.append(text[j])
                j += 1
            comps.append(("key", "".join(name)))
            i = j + 2
        else:
            j = text.index("]", i)
            comps.append(("index", int(text[i + 1:j])))
            i = j + 1
    return comps


def select(node, comps):
    """Every node the path reaches, in document order."""
    nodes = [node]
    for comp in comps:
        out = []
        for n in nodes:
            if comp[0] == "key" and n.kind == "object":
                out.extend(v for (k, v, _) in n.value if k == comp[1])
            elif comp[0] == "index" and n.kind == "array":
                index = comp[1] + len(n.value) if comp[1] < 0 else comp[1]
                if 0 <= index < len(n.value):
                    out.append(n.value[index])
            elif comp[0] == "wild" and n.kind in ("object", "array"):
                out.extend(v[1] for v in n.value) if n.kind == "object" else out.extend(n.value)
        nodes = out
    return nodes


# ---------------------------------------------------------------------------------------------
# 3. Bodies: which format a body is, SSE and NDJSON events, multipart form fields.

BOM = b"\xef\xbb\xbf"


def body_format(body):
    first = 3 if body.startswith(BOM) else 0
    while first < len(body) and body[first] in WS:
        first += 1
    if first >= len(body):
        return "empty"
    c = body[first]
    if c in b"{[":
        return "ndjson" if is_ndjson(body, first) else "json"
    if c == ord("<"):
        return "html"
    if c == ord(":"):
        return "sse"
    if c == ord("-") and first == 0 and looks_multipart(body):
        return "multipart"
    for field in (b"data", b"event", b"id", b"retry"):
        if body.startswith(field + b":", first) and first + len(field) < len(body):
            return "sse"
    if c in b'"-tfn' or 0x30 <= c <= 0x39:
        try:
            parse_json(body)
            return "json"
        except JSONError:
            pass
    return "binary" if looks_binary(body, first) else "text"


def is_ndjson(body, first):
    newline = body.find(b"\n", first)
    if newline < 0 or not body[newline + 1:].strip(WS):
        return False
    depth, i, in_string = 0, first, False
    while i < newline:
        c = body[i]
        if in_string:
            if c == 0x5C:
                i += 2
                continue
            if c == 0x22:
                in_string = False
        elif c == 0x22:
            in_string = True
        elif c in b"{[":
            depth += 1
        elif c in b"}]":
            depth -= 1
            if depth == 0:
                return not body[i + 1:newline].strip(WS)
        i += 1
    return False


def looks_binary(body, first):
    end, i = min(len(body), first + 1024), first
    while i < end:
        c = body[i]
        if c < 0x20 and c not in WS and c != 0x0C:
            return True
        if c < 0x80:
            i += 1
            continue
        length = 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
        if length == 0:
            return True
        if i + length > end:
            return end >= len(body)
        if any(b & 0xC0 != 0x80 for b in body[i + 1:i + length]):
            return True
        i += length
    return False


def sse_events(body):
    """(data bytes, event name or None) per SSE event; `[DONE]` and empty data are skipped."""
    events, data, name = [], None, None
    start = 3 if body.startswith(BOM) else 0
    lines = body[start:].replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")

    def dispatch():
        if data is not None:
            text = data.strip(WS)
            if text and text != b"[DONE]":
                events.append((data, name))

    for line in lines:
        if not line:
            dispatch()
            data, name = None, None
            continue
        if line.startswith(b":"):
            continue
        field, _, value = line.partition(b":")
        if value.startswith(b" "):
            value = value[1:]
        if field == b"data":
            data = value if data is None else data + b"\n" + value
        elif field == b"event":
            valid = 0 < len(value) <= 64 and all(0x20 < c < 0x7F for c in value)
            name = value.decode("ascii") if valid else None
    dispatch()
    return events


def ndjson_events(body):
    start = 3 if body.startswith(BOM) else 0
    return [(line.strip(WS), None) for line in body[start:].split(b"\n") if line.strip(WS)]


def multipart_boundary(body):
    if len(body) <= 4 or not body.startswith(b"--"):
        return None
    end = 2
    while end < len(body) and end < 202 and body[end] not in b"\r\n":
        end += 1
    return body[2:end] if 2 < end < len(body) else None


def looks_multipart(body):
    boundary = multipart_boundary(body)
    return boundary is not None and b"content-disposition" in body[2 + len(boundary):2 + len(boundary) + 512].lower()


def form_fields(body):
    """{name: value bytes} of the form's non-file parts (a later part of the same name wins)."""
    boundary = multipart_boundary(body)
    if boundary is None:
        return None
    delimiter = b"--" + boundary
    position, fields, count = body.find(delimiter), {}, 0
    if position < 0:
        return None
    while True:
        position += len(delimiter)
        if body[position:position + 2] == b"--":
            break
        headers_end = body.find(b"\r\n\r\n", position)
        if headers_end < 0:
            break
        headers = body[position:headers_end]
        nxt = body.find(b"\r\n" + delimiter, headers_end + 4)
        content = body[headers_end + 4:nxt if nxt >= 0 else len(body)]
        disposition = parse_disposition(headers)
        if disposition:
            count += 1
            if not disposition[1]:
                fields[disposition[0]] = content
        if nxt < 0:
            break
        position = nxt + 2
    return fields if count else None


def parse_disposition(headers):
    lower = headers.lower()
    at = lower.find(b"content-disposition:")
    if at < 0:
        return None
    end = at
    while end < len(headers) and headers[end] not in b"\r\n":
        end += 1
    line, lower_line = headers[at:end], lower[at:end]
    is_file = b"filename" in lower_line
    index = 0
    while True:
        index = lower_line.find(b"name=", index)
        if index < 0:
            return None
        if index == 0 or line[index - 1] in b"; ":
            break
        index += 1
    start = index + 5
    if line[start:start + 1] == b'"':
        start += 1
        stop = line.find(b'"', start)
        stop = len(line) if stop < 0 else stop
    else:
        stop = start
        while stop < len(line) and line[stop] not in b"; ":
            stop += 1
    if stop <= start or stop - start > 256:
        return None
    return line[start:stop].decode("utf-8", "replace"), is_file


def form_value(raw):
    """A form field's value: a JSON number or boolean when it is one, else its text."""
    try:
        node = parse_json(raw)
        if node.kind in ("number", "true", "false"):
            return captured(node)
    except JSONError:
        pass
    return ("string", raw.decode("utf-8", "replace"))


# ---------------------------------------------------------------------------------------------
# 4. Roles. Each role takes one kind of value; a path's values that are not of that kind are
#    passed over (the next path is tried), and reported when no path yields one.

# Read beside the vectors role: the elements of what its paths reach, when those are vectors.
VECTOR_ELEMENTS = "gateway.embeddings.vectors[*]"
KINDS = {
    "gen_ai.request.model": "string", "gen_ai.response.model": "string", "gen_ai.response.id": "string",
    "gen_ai.operation.name": "string", "gateway.error.type": "string", "gateway.error.message": "string",
    "gateway.error.code": "scalar_text",
    "gen_ai.response.finish_reasons": "strings", "gateway.stream.finish_reason": "strings", "gateway.output.text": "strings",
    "gateway.stream.text_delta": "strings", "gen_ai.system_instructions": "strings", "gen_ai.request.stop_sequences": "strings",
    "gen_ai.usage.input_tokens": "count", "gen_ai.usage.output_tokens": "count", "gateway.usage.total_tokens": "count",
    "gateway.usage.cache_read_tokens": "count", "gateway.usage.cache_creation_tokens": "count",
    "gateway.usage.reasoning_tokens": "count", "gateway.stream.usage.input_tokens": "count",
    "gateway.stream.usage.output_tokens": "count",
    "gen_ai.request.max_tokens": "integer", "gen_ai.request.seed": "integer", "gen_ai.request.choice.count": "integer",
    "gen_ai.request.temperature": "number", "gen_ai.request.top_p": "number", "gen_ai.request.top_k": "number",
    "gen_ai.request.frequency_penalty": "number", "gen_ai.request.presence_penalty": "number",
    "gateway.request.stream": "bool", "gateway.embeddings.vectors": "vectors", "gateway.embeddings.vectors[*]": "vectors",
}
ITEM_ROLES = {"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions",
              "gateway.output.tool_calls", "gateway.stream.tool_call_delta"}
# Token roles → the record's count they fill.
TOKEN_TARGET = {
    "gen_ai.usage.input_tokens": "input", "gateway.stream.usage.input_tokens": "input",
    "gen_ai.usage.output_tokens": "output", "gateway.stream.usage.output_tokens": "output",
    "gateway.usage.total_tokens": "total", "gateway.usage.cache_read_tokens": "cache_read",
    "gateway.usage.cache_creation_tokens": "cache_creation", "gateway.usage.reasoning_tokens": "reasoning",
}
SIMPLE_FIELDS = {
    "gen_ai.request.model": "gen_ai.request.model", "gen_ai.response.model": "gen_ai.response.model",
    "gen_ai.response.id": "gen_ai.response.id", "gen_ai.operation.name": "gen_ai.operation.name",
    "gateway.error.type": "gateway.error.type", "gateway.error.message": "gateway.error.message",
    "gen_ai.request.max_tokens": "gen_ai.request.max_tokens", "gen_ai.request.seed": "gen_ai.request.seed",
    "gen_ai.request.choice.count": "gen_ai.request.choice.count",
}
NUMBER_FIELDS = {"gen_ai.request.temperature", "gen_ai.request.top_p", "gen_ai.request.top_k",
                 "gen_ai.request.frequency_penalty", "gen_ai.request.presence_penalty"}
CANONICAL_FINISH = {"stop", "length", "content_filter", "tool_call", "error"}
PLAIN_TEXT_FORMATS = {"text", "srt", "vtt"}


def accepts(kind, v):
    t = v[0]
    if kind in ("string", "strings"):
        return t == "string"
    if kind == "scalar_text":
        return t in ("string", "integer", "number", "bool")
    if kind == "count":
        return t == "integer" and v[1] >= 0
    if kind == "integer":
        return t == "integer"
    if kind == "number":
        return t in ("integer", "number")
    if kind == "bool":
        return t == "bool"
    if kind == "vectors":
        return t in ("array", "measured", "string")
    return False


def issue_kind(kind, v):
    if kind == "count" and (v[0] == "integer" or (v[0] == "number" and v[2])) or kind == "integer" and v[0] == "number" and v[2]:
        return {"outOfRange": {}}
    if kind in ("count", "integer") and v[0] == "number":
        return {"notInteger": {}}
    expected = {"string": "string", "strings": "string", "scalar_text": "string", "count": "integer", "integer": "integer",
                "number": "number", "bool": "boolean", "vectors": "array"}[kind]
    return {"wrongType": {"expected": expected, "found": type_name(v)}}


def issue(role, body, path, kind):
    out = {"kind": kind}
    if role is not None:
        out["role"] = role
    if body is not None:
        out["body"] = body
    if path is not None:
        out["path"] = path
    return out


def canonical_finish_reason(field_map, raw):
    table = field_map.get("finish_reasons") or {}
    if raw in table:
        return table[raw]
    for key, value in table.items():
        if key.lower() == raw.lower():
            return value
    return raw.lower() if raw.lower() in CANONICAL_FINISH else None


def dimension(v):
    if v[0] == "array":
        return len(v[1].value)
    if v[0] == "measured":
        return (v[1] // 4 * 3 - v[2]) // 4
    if v[0] == "string":
        text = v[1]
        return dimension(("measured", len(text.encode("utf-8")), len(text) - len(text.rstrip("="))))
    return None


class Spec:
    """One role as read from one body kind: its paths (most preferred first) and, for item roles,
    the item map. `source` is `binding`, or for streams `envelope` (a response role read at the
    top of every event) or `wrapped` (a response role under an event's envelope member)."""

    def __init__(self, role, binding, source="binding", event=None, prefix=(), tool_call_item=None):
        self.role, self.binding, self.source = role, binding, source
        self.event = event
        self.body = binding["body"]
        texts = list(binding["paths"])
        if role == "gen_ai.request.stop_sequences":
            texts = [t + "[*]" for t in texts] + texts   # elements of an array first, then one string
        self.path_texts = texts
        self.paths = [list(prefix) + parse_path(t) for t in texts]
        self.item = binding.get("item") or None
        self.tool_call_item = tool_call_item
        self.kind = KINDS.get(role)
        self.confidence = binding.get("confidence")
        self.tokens = binding.get("tokens")


def build_specs(field_map):
    """The request, response and stream spec lists, in the order roles are applied."""
    roles = field_map.get("roles") or {}
    tool_call_item = (roles.get("gateway.output.tool_calls") or {}).get("item")
    request, response, stream = [], [], []
    for name in sorted(roles):
        binding = roles[name]
        body = binding["body"]
        if body == "request":
            request.append(Spec(name, binding, tool_call_item=tool_call_item))
        elif body == "response":
            response.append(Spec(name, binding, tool_call_item=tool_call_item))
        elif body == "error":
            response.append(Spec(name, binding))
            stream.append(Spec(name, binding))
        elif body == "response_stream":
            stream.append(Spec(name, binding, event=binding.get("event")))
        if name == "gateway.embeddings.vectors":
            # A path may name each vector or the list of them: its elements are read too.
            elements = dict(binding, paths=[p + "[*]" for p in binding["paths"]])
            response.append(Spec(VECTOR_ELEMENTS, elements))
    if field_map.get("stream") or any(b["body"] == "response_stream" for b in roles.values()):
        envelopes = find_envelopes(roles)
        for name in sorted(roles):
            binding = roles[name]
            if binding["body"] != "response":
                continue
            stream.append(Spec(name, binding, source="envelope", tool_call_item=tool_call_item))
            for event, prefix in envelopes:
                stream.append(Spec(name, binding, source="wrapped", event=event, prefix=prefix, tool_call_item=tool_call_item))
    return request, response, stream


ENVELOPE_PAIRS = [("gateway.stream.usage.input_tokens", "gen_ai.usage.input_tokens"),
                  ("gateway.stream.usage.output_tokens", "gen_ai.usage.output_tokens"),
                  ("gateway.stream.finish_reason", "gen_ai.response.finish_reasons"),
                  ("gateway.stream.text_delta", "gateway.output.text")]


def find_envelopes(roles):
    """Where a stream wraps whole responses: a stream role's path that ends with the paired
    response role's path names the member (and event) holding a response."""
    found = []
    for stream_role, response_role in ENVELOPE_PAIRS:
        s_binding, r_binding = roles.get(stream_role), roles.get(response_role)
        if not s_binding or not r_binding:
            continue
        for s_text in s_binding["paths"]:
            s = parse_path(s_text)
            for r_text in r_binding["paths"]:
                r = parse_path(r_text)
                if not r or len(s) <= len(r) or s[len(s) - len(r):] != r:
                    continue
                event = None if s_binding.get("event") == "*" else s_binding.get("event")
                entry = (event, tuple(s[:len(s) - len(r)]))
                if entry not in found:
                    found.append(entry)
    return found


# Items: what an item-mapped role's path reaches. An array's elements are items; an object is one
# item; a scalar (a string) is one item holding the value itself.

class Item:
    def __init__(self, node, direct=None):
        self.node, self.direct = node, direct


def items_of(node, paths):
    """The items of the first path (in preference order) that yields any."""
    for comps in paths:
        items = []
        for found in select(node, comps):
            if found.kind == "array":
                items.extend(Item(element) for element in found.value)
            elif found.kind == "object":
                items.append(Item(found))
            else:
                items.append(Item(found, direct=captured(found)))
        if items:
            return items
    return []


def item_values(item, texts, accept, mode="value"):
    """Per item path (in order), the acceptable values it reaches from the item."""
    out = []
    for text in texts or []:
        values = [measure(n) if mode == "measure" else captured(n) for n in select(item.node, parse_path(text))]
        out.append([v for v in values if accept(v)])
    return out


def first_value(item, texts, accept):
    for values in item_values(item, texts, accept):
        if values:
            return values[0]
    return None


def item_string(item, texts):
    v = first_value(item, texts, lambda v: v[0] == "string")
    return v[1] if v else None


def tool_call(item, item_map):
    call = {}
    for key in ("id", "name"):
        value = item_string(item, item_map.get(key))
        if value is not None:
            call[key] = value
    arguments = first_value(item, item_map.get("arguments"), lambda v: json_or_string(v) is not None)
    if arguments is not None:
        call["arguments"] = json_or_string(arguments)
    return call or None


def tool_call_index(item, item_map):
    v = first_value(item, item_map.get("index"), lambda v: v[0] == "integer")
    return v[1] if v else None


def message(item, item_map, tool_call_item):
    if item.direct is not None and item.direct[0] == "string":
        parts = [item.direct[1]]
    else:
        parts = next((values for values in item_values(item, item_map.get("text"), lambda v: v[0] == "string") if values), [])
        parts = [v[1] for v in parts]
    out = {}
    role = item_string(item, item_map.get("role"))
    if role is not None:
        out["role"] = role
    out["parts"] = parts
    if tool_call_item and item_map.get("tool_calls"):
        calls = []
        for nested in items_of(item.node, [parse_path(t) for t in item_map["tool_calls"]]) if item.direct is None else []:
            call = tool_call(nested, tool_call_item)
            if call:
                calls.append(call)
        if calls:
            out["tool_calls"] = calls
    for key, field in (("tool_call_id", "tool_call_id"), ("name", "name")):
        value = item_string(item, item_map.get(key))
        if value is not None:
            out[field] = value
    return out


def measure(node):
    """Vectors are measured, not decoded: a base64 string by its length and padding."""
    if node.kind == "string":
        return ("measured", len(node.value.encode("utf-8")), len(node.raw) - len(node.raw.rstrip("=")))
    return captured(node)


# ---------------------------------------------------------------------------------------------
# 5. Applying a map to one exchange. A Draft collects values as roles are read; streams read
#    into three drafts (stream roles; response roles at the top of events; response roles under
#    an envelope member) that fill the record in that order.

class Draft:
    def __init__(self):
        self.rec = {"gen_ai.response.finish_reasons": [], "gateway.response.canonical_finish_reasons": [],
                    "gen_ai.input.messages": [], "gen_ai.output.messages": [], "gateway.output.tool_calls": []}
        self.tokens, self.conventions = {}, {}
        self.delta_text, self.delta_calls = None, []
        self.requested_plain_text = False
        self.issues, self.confidences = [], {}

    def issue(self, item):
        if item not in self.issues:
            self.issues.append(item)

    def note(self, confidence, role):
        if confidence is not None:
            self.confidences[role] = confidence

    def fill(self, other):
        """Response-side values of `other` fill what this draft lacks."""
        r, o = self.rec, other.rec
        for key in ("gen_ai.response.model", "gen_ai.response.id", "gateway.output.text", "gateway.error.type",
                    "gateway.error.code", "gateway.error.message"):
            if r.get(key) is None and o.get(key) is not None:
                r[key] = o[key]
        if not r["gen_ai.response.finish_reasons"]:
            r["gen_ai.response.finish_reasons"] = o["gen_ai.response.finish_reasons"]
            r["gateway.response.canonical_finish_reasons"] = o["gateway.response.canonical_finish_reasons"]
        for key in ("gen_ai.output.messages", "gateway.output.tool_calls"):
            if not r[key]:
                r[key] = o[key]
        if r.get("gateway.embeddings.count") is None:
            for key in ("gateway.embeddings.count", "gateway.embeddings.dimension"):
                if o.get(key) is not None:
                    r[key] = o[key]
        for role, confidence in other.confidences.items():
            self.confidences.setdefault(role, confidence)
        for item in other.issues:
            self.issue(item)
        for target, value in other.tokens.items():
            if target not in self.tokens:
                self.tokens[target] = value
                if target in other.conventions:
                    self.conventions[target] = other.conventions[target]
        for target, convention in other.conventions.items():
            if target not in self.conventions and target not in self.tokens:
                self.conventions[target] = convention


class Applier:
    def __init__(self, field_map):
        self.map = field_map
        self.roles = field_map.get("roles") or {}
        self.request_specs, self.response_specs, self.stream_specs = build_specs(field_map)
        stream = field_map.get("stream") or {}
        self.event_key = stream.get("event_key")
        self.event_names = []
        for spec in self.stream_specs:
            if spec.event not in (None, "*") and spec.event not in self.event_names:
                self.event_names.append(spec.event)

    # -- one document, one spec

    def apply(self, spec, doc, body, draft):
        if spec.item:
            items = items_of(doc, spec.paths)
            if items:
                self.apply_items(spec, items, draft)
            return
        mode = "measure" if spec.role in ("gateway.embeddings.vectors", VECTOR_ELEMENTS) else "value"
        found = [[measure(n) if mode == "measure" else captured(n) for n in select(doc, comps)] for comps in spec.paths]
        if spec.kind is None or not any(found):
            return
        rejected = None
        for rank, values in enumerate(found):
            if not values:
                continue
            if any(accepts(spec.kind, v) for v in values):
                self.apply_values(spec, values, rank, None, body, draft)
                return
            non_null = [v for v in values if v[0] != "null"]
            if rejected is None and non_null:
                rejected = (non_null[0], rank)
        if rejected:
            self.apply_values(spec, [], rejected[1], rejected[0], body, draft)

    def apply_values(self, spec, values, rank, rejected, body, draft):
        kind, role, rec = spec.kind, spec.role, draft.rec
        good = [v for v in values if accepts(kind, v)]
        if not good:
            bad = rejected or next((v for v in values if v[0] != "null"), None)
            if bad is not None:
                path = spec.path_texts[rank] if rank < len(spec.path_texts) else None
                draft.issue(issue(role, body, path, issue_kind(kind, bad)))
            return
        first = good[0]
        strings = [v[1] for v in values if v[0] == "string"]
        if role in SIMPLE_FIELDS:
            rec[SIMPLE_FIELDS[role]] = first[1]
        elif role == "gateway.error.code":
            rec["gateway.error.code"] = scalar_text(first)
        elif role in ("gen_ai.response.finish_reasons", "gateway.stream.finish_reason"):
            rec["gen_ai.response.finish_reasons"] = strings
            canonical = [canonical_finish_reason(self.map, s) for s in strings]
            rec["gateway.response.canonical_finish_reasons"] = [c for c in canonical if c is not None]
        elif role == "gateway.output.text":
            rec["gateway.output.text"] = "".join(strings)
        elif role == "gateway.stream.text_delta":
            draft.delta_text = (draft.delta_text or "") + "".join(strings)
        elif role == "gen_ai.system_instructions":
            rec["gen_ai.system_instructions"] = "\n".join(strings)
        elif role == "gen_ai.request.stop_sequences":
            rec["gen_ai.request.stop_sequences"] = strings
        elif role in NUMBER_FIELDS:
            rec[role] = float(first[1])
        elif role == "gateway.request.stream":
            rec["gateway.request.stream"] = first[1]
        elif role == "gateway.embeddings.vectors":
            rec["gateway.embeddings.count"] = len(good)
            rec["gateway.embeddings.dimension"] = dimension(first)
        elif role == VECTOR_ELEMENTS:
            vectors = [v for v in values if v[0] in ("array", "measured")]
            if not vectors:
                return
            rec["gateway.embeddings.count"] = len(vectors)
            rec["gateway.embeddings.dimension"] = dimension(vectors[0])
            draft.note(spec.confidence, "gateway.embeddings.vectors")
            return
        elif role in TOKEN_TARGET:
            if first[0] != "integer":
                return
            draft.tokens[TOKEN_TARGET[role]] = first[1]
            if spec.tokens is not None:
                draft.conventions[TOKEN_TARGET[role]] = spec.tokens
            else:
                draft.conventions.pop(TOKEN_TARGET[role], None)
        draft.note(spec.confidence, role)

    def apply_items(self, spec, items, draft):
        role, item_map, rec = spec.role, spec.item, draft.rec
        if role in ("gen_ai.input.messages", "gen_ai.output.messages"):
            rec[role] = [message(i, item_map, spec.tool_call_item) for i in items]
        elif role == "gen_ai.system_instructions":
            blocks = ["".join(message(i, item_map, None)["parts"]) for i in items]
            blocks = [b for b in blocks if b]
            if not blocks:
                return
            rec[role] = "\n".join(blocks)
        elif role == "gateway.output.tool_calls":
            calls = [c for c in (tool_call(i, item_map) for i in items) if c]
            if not calls:
                return
            rec[role] = calls
        elif role == "gateway.stream.tool_call_delta":
            merged = False
            for i in items:
                piece = tool_call(i, item_map)
                if piece:
                    merge_call(piece, tool_call_index(i, item_map), draft.delta_calls)
                    merged = True
            if not merged:
                return
        else:
            return
        draft.note(spec.confidence, role)

    # -- bodies

    def read_request(self, body, draft):
        fmt = body_format(body)
        if fmt == "json":
            if not self.request_specs:
                return
            try:
                doc = parse_json(body)
            except JSONError as error:
                draft.issue(issue(None, "request", None, {"unreadableBody": {"offset": error.offset, "reason": error.reason}}))
                return
            for spec in self.request_specs:
                self.apply(spec, doc, "request", draft)
        elif fmt == "multipart":
            self.read_form(body, draft)
        else:
            draft.issue(issue(None, "request", None, {"unexpectedFormat": {"_0": fmt}}))

    def read_form(self, body, draft):
        """Roles whose path is one member (`$.model`) read the form field of that name."""
        fields = form_fields(body)
        if fields is None:
            draft.issue(issue(None, "request", None, {"unexpectedFormat": {"_0": "multipart"}}))
            return
        values = {name: form_value(raw) for name, raw in fields.items()}
        response_format = values.get("response_format")
        if response_format and response_format[0] == "string" and response_format[1].lower() in PLAIN_TEXT_FORMATS:
            draft.requested_plain_text = True
        for spec in self.request_specs:
            if spec.item:
                continue
            for rank, comps in enumerate(spec.paths):
                if len(comps) == 1 and comps[0][0] == "key" and comps[0][1] in values:
                    if spec.kind is not None:
                        self.apply_values(spec, [values[comps[0][1]]], rank, None, "request", draft)
                    break

    def read_response(self, body, status, draft):
        fmt = body_format(body)
        kind = "error" if (status or 0) >= 400 else "response"
        if fmt == "json":
            try:
                doc = parse_json(body)
            except JSONError as error:
                draft.issue(issue(None, kind, None, {"unreadableBody": {"offset": error.offset, "reason": error.reason}}))
                return
            for spec in self.response_specs:
                self.apply(spec, doc, spec.body, draft)
        elif fmt in ("sse", "ndjson"):
            self.read_stream(sse_events(body) if fmt == "sse" else ndjson_events(body), draft)
        elif fmt == "text" and kind == "response" and "gateway.output.text" in self.roles and draft.requested_plain_text:
            # A plain-text answer the request asked for (response_format text, srt, vtt) is the output.
            draft.rec["gateway.output.text"] = body.decode("utf-8", "replace")
            draft.note(self.roles["gateway.output.text"].get("confidence"), "gateway.output.text")
        elif fmt == "text" and kind == "error":
            text = body.decode("utf-8", "replace").strip()
            if text:
                draft.rec["gateway.error.message"] = text
        else:
            draft.issue(issue(None, kind, None, {"unexpectedFormat": {"_0": fmt}}))

    def read_stream(self, events, draft):
        primary, envelope, wrapped = Draft(), Draft(), Draft()
        for index, (data, name) in enumerate(events):
            try:
                doc = parse_json(data)
            except JSONError as error:
                primary.issue(issue(None, "response_stream", None,
                                    {"unreadableEvent": {"index": index, "offset": error.offset, "reason": error.reason}}))
                continue
            if self.event_names:
                # The SSE event: line names the event; else the map's event_key member; else `message`.
                if name is None and self.event_key is not None:
                    found = select(doc, [("key", self.event_key)])
                    name = found[0].value if found and found[0].kind == "string" else None
                name = name or "message"
            for spec in self.stream_specs:
                if spec.event not in (None, "*") and spec.event != name:
                    continue
                if spec.source == "envelope":
                    self.apply(spec, doc, "response", envelope)
                elif spec.source == "wrapped":
                    self.apply(spec, doc, "response", wrapped)
                else:
                    self.apply(spec, doc, spec.body, primary)
        draft.rec["gateway.response.is_stream"] = True
        if primary.delta_text is not None:
            primary.rec["gateway.output.text"] = primary.delta_text
        if primary.delta_calls:
            primary.rec["gateway.output.tool_calls"] = [call for _, call in primary.delta_calls]
        envelope.rec["gen_ai.output.messages"] = []
        wrapped.rec["gen_ai.output.messages"] = []
        for other in (primary, envelope, wrapped):
            draft.fill(other)
        rec = draft.rec
        if rec.get("gateway.output.text") is not None or rec["gateway.output.tool_calls"]:
            out = {"role": "assistant", "parts": [rec["gateway.output.text"]] if rec.get("gateway.output.text") is not None else []}
            if rec["gateway.output.tool_calls"]:
                out["tool_calls"] = rec["gateway.output.tool_calls"]
            rec["gen_ai.output.messages"] = [out]


def merge_call(piece, key, calls):
    """A streamed tool-call piece joins the call with the same index; without an index it starts a
    call when it names one (id or name), else continues the last. Arguments alone never open a call."""
    opens = "id" in piece or "name" in piece
    position = None
    if key is not None:
        position = next((i for i, (k, _) in enumerate(calls) if k == key), None)
    elif not opens and calls:
        position = len(calls) - 1
    if position is None:
        if opens:
            calls.append((key, dict(piece)))
        return
    call = calls[position][1]
    for field in ("id", "name"):
        if field not in call and field in piece:
            call[field] = piece[field]
    if "arguments" in piece:
        call["arguments"] = call.get("arguments", "") + piece["arguments"]


# ---------------------------------------------------------------------------------------------
# 6. The record: what the bodies imply, what a usable record lacks, token arithmetic.

def normalize(field_map, request, response, status):
    """The record for one exchange (`request`/`response`: bytes, or None for a NULL body)."""
    applier = Applier(field_map)
    draft = Draft()
    draft.rec["gateway.response.is_stream"] = False
    if request:
        applier.read_request(request, draft)
    if response is not None:
        applier.read_response(response, status, draft)
    report_absent(applier, draft, status, bool(request), bool(response))
    return finish(field_map, draft, status)


def report_absent(applier, draft, status, has_request, has_response):
    rec, roles = draft.rec, applier.roles
    if rec.get("gen_ai.system_instructions") is None and rec["gen_ai.input.messages"]:
        system = ["".join(m["parts"]) for m in rec["gen_ai.input.messages"] if m.get("role") in ("system", "developer")]
        if system:
            rec["gen_ai.system_instructions"] = "\n".join(system)
    unreadable = {i["body"] for i in draft.issues if "role" not in i and "body" in i}

    def absent(role):
        binding = roles.get(role)
        if binding:
            draft.issue(issue(role, binding["body"], binding["paths"][0] if binding["paths"] else None, {"absent": {}}))

    if has_request and "request" not in unreadable and rec.get("gen_ai.request.model") is None:
        absent("gen_ai.request.model")
    if not has_response:
        return
    if (status or 0) >= 400:
        if "error" not in unreadable and rec.get("gateway.error.message") is None and rec.get("gateway.error.type") is None:
            absent("gateway.error.message")
        return
    if rec.get("gateway.error.message") is not None or rec.get("gateway.error.type") is not None:
        return
    streamed = rec["gateway.response.is_stream"]
    if ("response_stream" in unreadable and rec.get("gateway.output.text") is None) if streamed else "response" in unreadable:
        return
    if rec.get("gateway.output.text") is None and not rec["gateway.output.tool_calls"] \
            and rec.get("gateway.embeddings.count") is None and not rec["gen_ai.output.messages"]:
        absent("gateway.stream.text_delta" if streamed and "gateway.stream.text_delta" in roles else "gateway.output.text")
        if "gateway.output.text" not in roles:
            absent("gateway.embeddings.vectors")
    if not rec["gen_ai.response.finish_reasons"]:
        absent("gateway.stream.finish_reason" if streamed and "gateway.stream.finish_reason" in roles else "gen_ai.response.finish_reasons")
    if "input" not in draft.tokens:
        absent("gateway.stream.usage.input_tokens" if streamed and "gateway.stream.usage.input_tokens" in roles else "gen_ai.usage.input_tokens")
    if "output" not in draft.tokens:
        absent("gateway.stream.usage.output_tokens" if streamed and "gateway.stream.usage.output_tokens" in roles else "gen_ai.usage.output_tokens")


def finish(field_map, draft, status):
    """Token arithmetic (OpenTelemetry counts: input includes cached input, nothing counted twice)
    and the record in the JSON shape of `normalize --json`."""
    tokens, conventions, rec = draft.tokens, draft.conventions, dict(draft.rec)

    def added(a, b, role):
        if a + b > INT64_MAX or a + b < INT64_MIN:
            draft.issues.append(issue(role, None, None, {"outOfRange": {}}))
            return None
        return a + b

    if "input" in tokens:
        value = tokens["input"]
        if conventions.get("input") == "excludes_cached":
            for cache in ("cache_read", "cache_creation"):
                if conventions.get(cache) == "separate" and cache in tokens:
                    value = added(value, tokens[cache], "gen_ai.usage.input_tokens")
                    value = -1 if value is None else value
        if value >= 0:
            rec["gen_ai.usage.input_tokens"] = value
    if "output" in tokens:
        value = tokens["output"]
        if conventions.get("reasoning") == "separate" and "reasoning" in tokens:
            value = added(value, tokens["reasoning"], "gen_ai.usage.output_tokens")
            value = -1 if value is None else value
        if value >= 0:
            rec["gen_ai.usage.output_tokens"] = value
    for target, key in (("total", "gateway.usage.total_tokens"), ("cache_read", "gateway.usage.cache_read_tokens"),
                        ("cache_creation", "gateway.usage.cache_creation_tokens"), ("reasoning", "gateway.usage.reasoning_tokens")):
        if target in tokens:
            rec[key] = tokens[target]
    rec["gateway.schema_id"] = field_map.get("schema_id")
    if status is not None:
        rec["http.response.status_code"] = status
    rec["gateway.confidences"] = draft.confidences
    rec["gateway.issues"] = draft.issues
    return {key: value for key, value in sorted(rec.items()) if value is not None}


# ---------------------------------------------------------------------------------------------
# The suite: a case directory holds field_map.json, row.json, request.bin and response.bin (a
# missing file is a NULL body) and expected.json.

# What the record holds that the map does not say: the operation comes from the catalog entry and
# the provider from the host, both known to the gateway rather than to the map.
CONTEXT_FIELDS = ("gen_ai.operation.name", "gen_ai.provider.name")


def read_case(directory):
    def read(name):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            return None
        with open(path, "rb") as handle:
            return handle.read()
    row = json.loads(read("row.json"))
    field_map = json.loads(read("field_map.json"))
    return row, field_map, read("request.bin"), read("response.bin")


def apply_case(directory):
    row, field_map, request, response = read_case(directory)
    record = normalize(field_map, request, response, row.get("status"))
    for key in CONTEXT_FIELDS:
        if row.get(key) is not None:
            record[key] = row[key]
    return {"gateway.key.endpoint": row["endpoint"], "gateway.key.model": row["model"], "log.id": row["id"], "record": record}


FIELD_GROUPS = {
    "request model": ["gen_ai.request.model"],
    "tokens": ["gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gateway.usage.total_tokens",
               "gateway.usage.cache_read_tokens", "gateway.usage.cache_creation_tokens", "gateway.usage.reasoning_tokens"],
    "text": ["gateway.output.text"],
    "finish reasons": ["gen_ai.response.finish_reasons", "gateway.response.canonical_finish_reasons"],
    "tool calls": ["gateway.output.tool_calls"],
}


def differences(got, want):
    keys = sorted(set(got) | set(want))
    return [key for key in keys if key not in CONTEXT_FIELDS and got.get(key) != want.get(key)]


def check(root):
    cases = sorted(d for d in os.listdir(root) if os.path.exists(os.path.join(root, d, "row.json")))
    failed, group_ok = 0, {name: 0 for name in FIELD_GROUPS}
    for name in cases:
        directory = os.path.join(root, name)
        with open(os.path.join(directory, "expected.json"), "rb") as handle:
            want = json.loads(handle.read())["record"]
        try:
            got = apply_case(directory)["record"]
        except Exception as error:  # a crash is a difference, reported with the case
            got = {"(crash)": repr(error)}
        diff = differences(got, want)
        for group, keys in FIELD_GROUPS.items():
            if not any(k in diff for k in keys) and "(crash)" not in got:
                group_ok[group] += 1
        if diff:
            failed += 1
            print(f"{name}: differs on {', '.join(diff)}")
            for key in diff[:4]:
                print(f"    {key}: expected {json.dumps(want.get(key), ensure_ascii=False)[:200]}")
                print(f"    {' ' * len(key)}  applied  {json.dumps(got.get(key), ensure_ascii=False)[:200]}")
    total = len(cases)
    print(f"{total - failed} of {total} cases agree with expected.json on every field "
          f"({', '.join(CONTEXT_FIELDS)} are the gateway's, not the map's, and not compared)")
    for group, ok in group_ok.items():
        print(f"  {group}: {ok} of {total} ({100.0 * ok / max(total, 1):.1f}%)")
    return 1 if failed or not total else 0


def main(argv):
    if len(argv) == 2 and argv[0] == "--check":
        return check(argv[1])
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 64
    for directory in argv:
        print(json.dumps(apply_case(directory), ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
