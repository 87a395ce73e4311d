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
                self.fail("nan", i)
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
