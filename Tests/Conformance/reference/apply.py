#!/usr/bin/env python3
"""Reference applier of gateway-mapper field maps: Python 3, standard library only.

Applies a field map (as stored in `model_mappings.field_map`) to one logged exchange and prints the
record `gateway-mapper normalize --id N --json` prints for it. It is written to be read and copied
by a gateway team: one section per part of the spec (schemas/FIELD_MAP.md), top to bottom:

  1. strict JSON (RFC 8259) into a tree that keeps duplicate members and raw text
  2. JSONPath (the catalog subset: $, .name, ['name'], [n], [-n], [*], filters [?@.a == 'x'])
  3. body framing: JSON, SSE, NDJSON, AWS event stream, JSON array stream, multipart form fields,
     plain text
  4. roles and bindings: the kind of value each role takes, fallbacks, url and row bindings,
     item maps (messages, tool calls), version-1 maps
  5. applying a map: request, response, streams (event names, assembly across events)
  6. what a usable record lacks (absent), token arithmetic, the record

It follows the Swift normalizer wherever the spec leaves a detail open (issue JSON shapes, the byte
offsets of JSON errors); Tests/Conformance/README.md says how it is checked.

Usage:
  python3 apply.py CASE_DIR...      one JSON record per case, one line each, in the order given
  python3 apply.py --check ROOT     compare every case under ROOT with its expected.json
"""

import base64
import json
import os
import sys
import zlib

# ---------------------------------------------------------------------------------------------
# 1. Strict JSON (FIELD_MAP.md 4.1). A value is a Node; objects keep every member in order,
#    duplicates included (paths read the last member of a name, see members(); compact JSON keeps them all).
#    A lone surrogate escape decodes to U+FFFD.

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
            self.fail("empty")   # no bytes, or only a BOM and whitespace
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
        """The code unit of the \\uXXXX escape whose backslash is at `i`."""
        digits = self.b[i + 2:i + 6]
        if len(digits) < 4:
            self.fail("truncated", len(self.b))
        if not all(ch in b"0123456789abcdefABCDEF" for ch in digits):
            self.fail("invalid_escape", i)
        return int(digits.decode("ascii"), 16)

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
            self.fail("invalid_number", start)
        integer = True
        if i < len(b) and b[i] == 0x2E:
            integer, i = False, i + 1
            if i >= len(b) or not 0x30 <= b[i] <= 0x39:
                self.fail("invalid_number", start)
            while i < len(b) and 0x30 <= b[i] <= 0x39:
                i += 1
        if i < len(b) and b[i] in (0x65, 0x45):
            integer, i = False, i + 1
            if i < len(b) and b[i] in (0x2B, 0x2D):
                i += 1
            if i >= len(b) or not 0x30 <= b[i] <= 0x39:
                self.fail("invalid_number", start)
            while i < len(b) and 0x30 <= b[i] <= 0x39:
                i += 1
        if i < len(b) and 0x30 <= b[i] <= 0x39:
            self.fail("invalid_number", start)  # a leading zero
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
# 2. JSONPath: $, .name, ['name'], [n] (negative from the end), [*] (every element or member),
#    and filters [?expr] (every element or member value the expression admits). expr is a test
#    `@.a.b` (the query selects something, null and false included), `!@.a`, a comparison
#    `@.a == literal` or `!=` (literal: 'x' or "x", a number, true, false, null), combined with
#    `&&`, `||`, `!( … )` and parentheses. Queries are `@` and member names. As in RFC 9535, a
#    query that selects nothing is equal only to nothing: `@.thought != true` holds without `thought`.
#    Components: ("key", name), ("index", n), ("wild",), ("filter", expr); expr: ("exists", keys),
#    ("cmp", keys, "==" or "!=", literal), ("not", e), ("and", l, r), ("or", l, r); literal:
#    ("string", s), ("number", float), ("bool", b), ("null",).

NAME_FIRST = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
DIGITS = set(b"0123456789")
QUOTE_ESCAPES = {ord("'"): "'", ord('"'): '"', ord("\\"): "\\", ord("/"): "/", ord("b"): "\b", ord("f"): "\f",
                 ord("n"): "\n", ord("r"): "\r", ord("t"): "\t"}


class PathParser:
    """The catalog subset of RFC 9535 (the Swift parser reports errors; maps here are valid)."""

    def __init__(self, text):
        self.b, self.i = text.encode("utf-8"), 0

    def peek(self, k=0):
        return self.b[self.i + k] if self.i + k < len(self.b) else None

    def blanks(self):
        while self.peek() in (0x20, 0x09, 0x0A, 0x0D):
            self.i += 1

    def expect(self, byte):
        if self.peek() != byte:
            raise ValueError(f"expected {chr(byte)!r} at {self.i}")
        self.i += 1

    def path(self):
        self.expect(ord("$"))
        comps = []
        while self.i < len(self.b):
            if self.peek() == ord("."):
                self.i += 1
                comps.append(("key", self.name()))
                continue
            self.expect(ord("["))
            self.blanks()
            c = self.peek()
            if c == ord("*"):
                self.i += 1
                comps.append(("wild",))
            elif c in (ord("'"), ord('"')):
                comps.append(("key", self.quoted()))
            elif c == ord("?"):
                self.i += 1
                self.blanks()
                comps.append(("filter", self.logical_or()))
            else:
                start = self.i
                self.i += 1
                while self.peek() in DIGITS:
                    self.i += 1
                comps.append(("index", int(self.b[start:self.i])))
            self.blanks()
            self.expect(ord("]"))
        return comps

    def name(self):
        start = self.i
        while self.peek() is not None and (self.peek() in NAME_FIRST or self.peek() in DIGITS or self.peek() >= 0x80):
            self.i += 1
        return self.b[start:self.i].decode("utf-8")

    def quoted(self):
        quote, out = self.peek(), []
        self.i += 1
        while self.peek() != quote:
            c = self.peek()
            if c != ord("\\"):
                start = self.i
                while self.peek() not in (quote, ord("\\")):
                    self.i += 1
                out.append(self.b[start:self.i].decode("utf-8"))
                continue
            e = self.peek(1)
            if e == ord("u"):
                code = int(self.b[self.i + 2:self.i + 6], 16)
                self.i += 6
                if 0xD800 <= code <= 0xDBFF:
                    low = int(self.b[self.i + 2:self.i + 6], 16)
                    self.i += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                out.append(chr(code))
            else:
                out.append(QUOTE_ESCAPES[e])
                self.i += 2
        self.i += 1
        return "".join(out)

    def take(self, op):
        if self.b.startswith(op, self.i):
            self.i += len(op)
            self.blanks()
            return True
        return False

    def logical_or(self):
        e = self.logical_and()
        while self.take(b"||"):
            e = ("or", e, self.logical_and())
        return e

    def logical_and(self):
        e = self.basic()
        while self.take(b"&&"):
            e = ("and", e, self.basic())
        return e

    def basic(self):
        if self.take(b"("):
            e = self.logical_or()
            self.expect(ord(")"))
            self.blanks()
            return e
        if self.take(b"!"):
            if self.take(b"("):
                e = self.logical_or()
                self.expect(ord(")"))
                self.blanks()
                return ("not", e)
            return ("not", ("exists", self.query()))
        keys = self.query()
        for op in ("==", "!="):
            if self.take(op.encode()):
                literal = self.literal()
                self.blanks()
                return ("cmp", keys, op, literal)
        return ("exists", keys)

    def query(self):
        self.expect(ord("@"))
        keys = []
        while True:
            if self.peek() == ord("."):
                self.i += 1
                keys.append(self.name())
            elif self.peek() == ord("["):
                self.i += 1
                self.blanks()
                keys.append(self.quoted())
                self.blanks()
                self.expect(ord("]"))
            else:
                break
        self.blanks()
        return tuple(keys)

    def literal(self):
        c = self.peek()
        if c in (ord("'"), ord('"')):
            return ("string", self.quoted())
        for word, value in ((b"true", ("bool", True)), (b"false", ("bool", False)), (b"null", ("null",))):
            if self.take(word):
                return value
        start = self.i
        while self.peek() is not None and self.peek() in b"+-.eE0123456789":
            self.i += 1
        return ("number", float(self.b[start:self.i]))


def parse_path(text):
    return PathParser(text).path()


def members(node):
    """An object's member values with duplicate names resolved (4.1): the last member of a name
    wins, at its own place in the document (`{"a": 1, "b": 2, "a": 3}` gives 2, 3)."""
    last = {key: index for index, (key, _, _) in enumerate(node.value)}
    return [(key, value) for index, (key, value, _) in enumerate(node.value) if last[key] == index]


def filter_found(node, keys):
    """What a filter query finds: None (nothing), ("container",) or a literal-like scalar."""
    for key in keys:
        if node.kind != "object":
            return None
        values = [value for name, value in members(node) if name == key]
        if not values:
            return None
        node = values[0]
    if node.kind in ("object", "array"):
        return ("container",)
    if node.kind == "string":
        return ("string", node.value)
    if node.kind == "number":
        return ("number", float(node.raw))
    if node.kind in ("true", "false"):
        return ("bool", node.kind == "true")
    return ("null",)


def admits(expr, node):
    """RFC 9535 filter semantics: equality needs the same type (numbers by value); nothing and
    containers equal no literal."""
    op = expr[0]
    if op == "exists":
        return filter_found(node, expr[1]) is not None
    if op == "cmp":
        found = filter_found(node, expr[1])
        literal = expr[3]
        equal = found is not None and found[0] == literal[0] and found[1:] == literal[1:]
        return equal if expr[2] == "==" else not equal
    if op == "not":
        return not admits(expr[1], node)
    if op == "and":
        return admits(expr[1], node) and admits(expr[2], node)
    return admits(expr[1], node) or admits(expr[2], node)


def select(node, comps):
    """Every node the path reaches, in document order."""
    nodes = [node]
    for comp in comps:
        out = []
        for n in nodes:
            if comp[0] == "key" and n.kind == "object":
                out.extend(value for key, value in members(n) if key == comp[1])
            elif comp[0] == "index" and n.kind == "array":
                index = comp[1] + len(n.value) if comp[1] < 0 else comp[1]
                if 0 <= index < len(n.value):
                    out.append(n.value[index])
            elif comp[0] in ("wild", "filter"):
                values = [value for _, value in members(n)] if n.kind == "object" else n.value if n.kind == "array" else []
                out.extend(v for v in values if comp[0] == "wild" or admits(comp[1], v))
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
    if not looks_binary(body, first):
        return "text"
    return "aws_eventstream" if starts_with_frame(body) else "binary"


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


# AWS event stream (FIELD_MAP.md 5.1). A frame: total length and headers length (big-endian
# UInt32), the CRC32 of those 8 bytes, the headers, the payload, the CRC32 of everything before it.
# A header: name length (1 byte), name, value type (1 byte), value. Limits are the AWS libraries'.

FRAME_MIN, FRAME_MAX, HEADERS_MAX = 16, 16 * 1024 * 1024, 128 * 1024
HEADER_VALUE_SIZES = {0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16}   # 6, 7: 2-byte length first
BASE64_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def uint32(body, at):
    return int.from_bytes(body[at:at + 4], "big")


def starts_with_frame(body):
    """A binary body is an event stream when its first prelude holds together and its CRC matches,
    or (a corrupted prelude) its first header name starts with `:`, as every AWS header name does."""
    if len(body) < FRAME_MIN:
        return False
    total, headers = uint32(body, 0), uint32(body, 4)
    if not (FRAME_MIN <= total <= FRAME_MAX and headers <= total - FRAME_MIN):
        return False
    if zlib.crc32(body[:8]) == uint32(body, 8):
        return True
    return headers >= 2 and body[12] > 0 and body[13] == ord(":")


def event_name(value):
    """A header value kept as a name under the rule of SSE `event:` names, else None."""
    return value.decode("ascii") if 0 < len(value) <= 64 and all(0x20 < c < 0x7F for c in value) else None


def frame_headers(headers):
    """(event type, exception type, is error) from the headers bytes; None when a header runs past
    their end or has an unknown value type. Only string values (type 7) are read."""
    event_type = exception_type = None
    is_error, i = False, 0
    while i < len(headers):
        name_length = headers[i]
        if name_length == 0 or 1 + name_length >= len(headers) - i:
            return None
        name, kind = headers[i + 1:i + 1 + name_length], headers[i + 1 + name_length]
        i += 2 + name_length
        if kind in (6, 7):
            if i + 2 > len(headers):
                return None
            size = 2 + int.from_bytes(headers[i:i + 2], "big")
        elif kind in HEADER_VALUE_SIZES:
            size = HEADER_VALUE_SIZES[kind]
        else:
            return None
        if i + size > len(headers):
            return None
        if kind == 7:
            value = headers[i + 2:i + size]
            if name == b":event-type":
                event_type = event_name(value)
            elif name == b":exception-type":
                exception_type = event_name(value)
            elif name == b":message-type":
                is_error = value in (b"exception", b"error")
        i += size
    return event_type, exception_type, is_error


def base64_decoded(text):
    """Standard base64, `=` padding optional; None for a byte outside the alphabet, padding before
    the end, or a length no encoding has. Bits left over after the last byte are ignored."""
    data = text.encode("utf-8")
    end = len(data)
    while end > 0 and len(data) - end < 2 and data[end - 1] == ord("="):
        end -= 1
    padding = len(data) - end
    if end % 4 == 1 or (padding and len(data) % 4) or not BASE64_ALPHABET.issuperset(data[:end]):
        return None
    return base64.b64decode(data[:end] + b"=" * (-end % 4))


def chunk_bytes(payload):
    """The first top-level `bytes` string member of a Bedrock `chunk` payload, or None."""
    try:
        doc = parse_json(payload)
    except JSONError:
        return None
    if doc.kind != "object":
        return None
    return next((value.value for (key, value, _) in doc.value if key == "bytes" and value.kind == "string"), None)


def frame_event(payload, event_type, exception_type, is_error):
    """The event a frame's payload makes, or None (an empty payload, bad base64 in a chunk)."""
    if not payload.strip(WS):
        return None
    if is_error:   # an exception frame: an error document named by its exception type
        return payload, exception_type or event_type
    if event_type == "chunk":
        text = chunk_bytes(payload)
        if text is not None:   # Bedrock InvokeModelWithResponseStream: the model's own event, unnamed
            decoded = base64_decoded(text)
            return None if decoded is None else (decoded, None)
    return payload, event_type


def eventstream_events(body):
    """(payload, name) per frame. A bad message CRC or bad headers skip that frame (its length is
    known); a bad prelude CRC, impossible lengths or a frame running past the body end the stream."""
    events, offset = [], 0
    while len(body) - offset >= 12:
        total, headers_length = uint32(body, offset), uint32(body, offset + 4)
        if zlib.crc32(body[offset:offset + 8]) != uint32(body, offset + 8):
            break
        if not (FRAME_MIN <= total <= FRAME_MAX and headers_length <= total - FRAME_MIN and headers_length <= HEADERS_MAX):
            break
        if total > len(body) - offset:
            break
        frame, offset = body[offset:offset + total], offset + total
        if zlib.crc32(frame[:-4]) != uint32(frame, total - 4):
            continue
        headers = frame_headers(frame[12:12 + headers_length])
        if headers is None:
            continue
        event = frame_event(frame[12 + headers_length:-4], *headers)
        if event is not None:
            events.append(event)
    return events


# JSON array stream (FIELD_MAP.md 5.1): elements are cut at the commas and the `]` at depth one
# (outside strings) and parsed one by one, so a malformed element is that event's error. A body
# ending inside the array passes on what it holds; bytes after the `]` are ignored.

def json_array_events(body):
    start = 3 if body.startswith(BOM) else 0
    i = body.index(b"[", start) + 1   # the caller saw the `[`
    events, element, depth, in_string = [], i, 0, False

    def element_event(end):
        text = body[element:end].strip(WS)
        if text:
            events.append((text, None))

    while i < len(body):
        c = body[i]
        if in_string:
            if c == 0x5C:
                i += 2
                continue
            in_string = c != 0x22
        elif c == 0x22:
            in_string = True
        elif c in b"{[":
            depth += 1
        elif c in b"}]" and depth > 0:
            depth -= 1
        elif c == ord(",") and depth == 0:
            element_event(i)
            element = i + 1
        elif c == ord("]"):
            element_event(i)
            return events
        i += 1
    element_event(len(body))
    return events


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
# 4. Roles and bindings (FIELD_MAP.md sections 3 and 4). Each role takes one kind of value; a
#    path's values of another kind are passed over. A role's bindings are the binding and its
#    `fallbacks`, in order: the first that yields gives the value.

# Read beside the vectors role: the elements of what its paths reach, when those are vectors.
VECTOR_ELEMENTS = "gateway.embeddings.vectors[*]"
# Read beside the roles: whether the request asked for a plain-text answer (`plain_text`).
PLAIN_TEXT_SELECTOR = "gateway.request.plain_text_selector"
KINDS = {
    "gen_ai.request.model": "string", "gen_ai.response.model": "string", "gen_ai.response.id": "string",
    "gen_ai.operation.name": "string", "gateway.error.type": "string", "gateway.error.message": "string",
    "gateway.error.code": "scalar_text",
    "gen_ai.response.finish_reasons": "strings", "gateway.stream.finish_reason": "strings", "gateway.output.text": "strings",
    "gateway.stream.text_delta": "strings", "gen_ai.system_instructions": "strings", "gen_ai.request.stop_sequences": "strings",
    "gateway.output.reasoning": "strings", "gateway.stream.reasoning_delta": "strings", PLAIN_TEXT_SELECTOR: "strings",
    "gen_ai.usage.input_tokens": "count", "gen_ai.usage.output_tokens": "count", "gateway.usage.total_tokens": "count",
    "gateway.usage.cache_read_tokens": "count", "gateway.usage.cache_creation_tokens": "count",
    "gateway.usage.reasoning_tokens": "count", "gateway.stream.usage.input_tokens": "count",
    "gateway.stream.usage.output_tokens": "count",
    "gen_ai.request.max_tokens": "integer", "gen_ai.request.seed": "integer", "gen_ai.request.choice.count": "integer",
    "gateway.usage.search_units": "integer",
    "gen_ai.request.temperature": "number", "gen_ai.request.top_p": "number", "gen_ai.request.top_k": "number",
    "gen_ai.request.frequency_penalty": "number", "gen_ai.request.presence_penalty": "number",
    "gateway.request.stream": "bool", "gateway.embeddings.vectors": "vectors", VECTOR_ELEMENTS: "vectors",
}
# Token roles → the record's count they fill.
TOKEN_TARGET = {
    "gen_ai.usage.input_tokens": "input", "gateway.stream.usage.input_tokens": "input",
    "gen_ai.usage.output_tokens": "output", "gateway.stream.usage.output_tokens": "output",
    "gateway.usage.total_tokens": "total", "gateway.usage.cache_read_tokens": "cache_read",
    "gateway.usage.cache_creation_tokens": "cache_creation", "gateway.usage.reasoning_tokens": "reasoning",
}
STRING_FIELDS = {"gen_ai.request.model", "gen_ai.response.model", "gen_ai.response.id", "gen_ai.operation.name",
                 "gateway.error.type", "gateway.error.message"}
INTEGER_FIELDS = {"gen_ai.request.max_tokens", "gen_ai.request.seed", "gen_ai.request.choice.count", "gateway.usage.search_units"}
NUMBER_FIELDS = {"gen_ai.request.temperature", "gen_ai.request.top_p", "gen_ai.request.top_k",
                 "gen_ai.request.frequency_penalty", "gen_ai.request.presence_penalty"}
ERROR_ROLES = {"gateway.error.type", "gateway.error.message", "gateway.error.code"}
CANONICAL_FINISH = {"stop", "length", "content_filter", "tool_call", "error"}
EXACT_LIMIT = 1 << 53


def whole_number(v):
    """An integer (4.5): a whole number strictly between -2^53 and 2^53, however it is written."""
    if v[0] == "integer":
        return v[1] if -EXACT_LIMIT < v[1] < EXACT_LIMIT else None
    if v[0] == "number":
        x = v[1]
        if x == x and x not in (float("inf"), float("-inf")) and x == int(x) and abs(x) < EXACT_LIMIT:
            return int(x)
    return None


def accepts(kind, v):
    t = v[0]
    if kind in ("string", "strings"):
        return t == "string"
    if kind == "scalar_text":
        return t in ("string", "integer", "number", "bool")
    if kind == "count":
        n = whole_number(v)
        return n is not None and n >= 0
    if kind == "integer":
        return whole_number(v) is not None
    if kind == "number":
        return t in ("integer", "number")
    if kind == "bool":
        return t == "bool"
    if kind == "vectors":
        return t in ("array", "measured", "string")
    return False


def issue_kind(kind, v):
    if kind in ("count", "integer") and v[0] == "integer":
        return {"outOfRange": {}}
    if kind in ("count", "integer") and v[0] == "number":
        x = v[1]
        whole = x != x or x in (float("inf"), float("-inf")) or x == int(x)
        return {"outOfRange": {}} if whole else {"notInteger": {}}
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


def canonical_finish_reasons(field_map, raws):
    """Section 7: exact key, then a key equal ignoring case, then an already canonical value;
    an unknown value is dropped or kept by `unknown_finish_reason`."""
    table = field_map.get("finish_reasons") or {}
    keep = field_map.get("unknown_finish_reason") == "keep"
    out = []
    for raw in raws:
        value = table.get(raw)
        if value is None:
            value = next((v for k, v in table.items() if k.lower() == raw.lower()), None)
        if value is None and raw.lower() in CANONICAL_FINISH:
            value = raw.lower()
        if value is None and keep:
            value = raw
        if value is not None:
            out.append(value)
    return out


def dimension(v):
    if v[0] == "array":
        return len(v[1].value)
    if v[0] == "measured":
        return (v[1] // 4 * 3 - v[2]) // 4
    if v[0] == "string":
        text = v[1]
        return dimension(("measured", len(text.encode("utf-8")), len(text) - len(text.rstrip("="))))
    return None


def measure(node):
    """Vectors are measured, not decoded: a base64 string by its length and padding."""
    if node.kind == "string":
        return ("measured", len(node.value.encode("utf-8")), len(node.raw) - len(node.raw.rstrip("=")))
    return captured(node)


class Link:
    """One binding of a role (the binding itself is level 0, its fallbacks 1, 2, …)."""

    def __init__(self, role, binding, level, tool_call_item=None, draft=0):
        self.role, self.binding, self.level, self.draft = role, binding, level, draft
        self.body = binding["body"]
        self.event = binding.get("event")
        self.assemble = binding.get("assemble")
        texts = list(binding.get("paths") or [])
        if role == "gen_ai.request.stop_sequences":
            texts = [t + "[*]" for t in texts] + texts   # elements of an array first, then one string
        self.path_texts = texts
        self.paths = [parse_path(t) for t in texts]
        self.item = binding.get("item") or None
        self.tool_call_item = tool_call_item
        self.kind = KINDS.get(role)
        self.confidence = binding.get("confidence")
        self.tokens = binding.get("tokens")
        self.accepted = None

    def expects_parts(self, rank):
        """True when a later path descends into the path at `rank` (`$.content`, then
        `$.content[*].text`): a container there is parts, not a wrongly typed value (4.3)."""
        base = self.paths[rank] if rank < len(self.paths) else None
        return base is not None and any(len(p) > len(base) and p[:len(base)] == base for p in self.paths[rank + 1:])

    def quiet(self, body):
        """Links whose misses are not issues: helpers, and error roles read outside error bodies."""
        return self.role in (VECTOR_ELEMENTS, PLAIN_TEXT_SELECTOR) or (self.role in ERROR_ROLES and body != "error")


def build_links(field_map):
    """Every binding of every role, by where it reads, in the order they are applied: roles by name,
    and within a role the last fallback first, so that an earlier binding that yields overwrites."""
    roles = field_map.get("roles") or {}
    tool_call_item = (roles.get("gateway.output.tool_calls") or {}).get("item")
    chains = {name: [b] + list(b.get("fallbacks") or []) for name, b in roles.items()}
    depth = max([len(c) for c in chains.values()] or [1])
    request, response, stream, context = [], [], [], []
    for name in sorted(roles):
        for level in reversed(range(len(chains[name]))):
            link = chains[name][level]
            body = link["body"]
            if body == "request":
                request.append(Link(name, link, level, tool_call_item))
            elif body in ("response", "error"):
                response.append(Link(name, link, level, tool_call_item))
            elif body == "response_stream":
                # Stream roles fill the record before the response roles' stream fallbacks (5.4).
                draft = (0 if name.startswith("gateway.stream.") else depth) + level
                stream.append(Link(name, link, level, tool_call_item, draft))
            else:
                context.insert(0, Link(name, link, level))
            if name == "gateway.embeddings.vectors" and body == "response":
                elements = dict(link, paths=[p + "[*]" for p in link["paths"]])
                response.append(Link(VECTOR_ELEMENTS, elements, level))
    plain_text = (field_map.get("plain_text") or {}).get("request") or {}
    for path in sorted(plain_text):
        selector = Link(PLAIN_TEXT_SELECTOR, {"body": "request", "paths": [path]}, 0)
        selector.accepted = {value.lower() for value in plain_text[path]}
        request.append(selector)
    return request, response, stream, context, 2 * depth


# Version 1 maps (section 10): stored before version 2, converted on reading.

V1_ENVELOPE_PAIRS = [("gateway.stream.usage.input_tokens", "gen_ai.usage.input_tokens"),
                     ("gateway.stream.usage.output_tokens", "gen_ai.usage.output_tokens"),
                     ("gateway.stream.finish_reason", "gen_ai.response.finish_reasons"),
                     ("gateway.stream.text_delta", "gateway.output.text"),
                     ("gateway.stream.reasoning_delta", "gateway.output.reasoning")]


def name_text(name):
    """`.name` where RFC 9535 allows the shorthand, else `['name']`."""
    shorthand = name and (name[0].isascii() is False or name[0].isalpha() or name[0] == "_") and \
        all(not c.isascii() or c.isalnum() or c == "_" for c in name)
    return "." + name if shorthand else "['" + quoted_text(name) + "']"


def quoted_text(text):
    return text.replace("\\", "\\\\").replace("'", "\\'")


def filter_text(expr):
    """A filter expression in the canonical form the Swift normalizer prints."""
    op = expr[0]
    if op == "exists":
        return "@" + "".join(name_text(k) for k in expr[1])
    if op == "cmp":
        literal = expr[3]
        if literal[0] == "string":
            value = "'" + quoted_text(literal[1]) + "'"
        elif literal[0] == "number":
            x = literal[1]
            value = str(int(x)) if x == int(x) and abs(x) < 2 ** 53 else repr(x)
        elif literal[0] == "bool":
            value = "true" if literal[1] else "false"
        else:
            value = "null"
        return filter_text(("exists", expr[1])) + " " + expr[2] + " " + value
    if op == "not":
        inner = expr[1]
        return "!" + filter_text(inner) if inner[0] == "exists" else "!(" + filter_text(inner) + ")"
    left, right = filter_text(expr[1]), filter_text(expr[2])
    if op == "and":
        left = "(" + left + ")" if expr[1][0] == "or" else left
        right = "(" + right + ")" if expr[2][0] in ("or", "and") else right
        return left + " && " + right
    right = "(" + right + ")" if expr[2][0] == "or" else right
    return left + " || " + right


def path_text(comps):
    """A path written back (shorthand names where RFC 9535 allows them)."""
    out = "$"
    for comp in comps:
        if comp[0] == "key":
            out += name_text(comp[1])
        elif comp[0] == "index":
            out += f"[{comp[1]}]"
        elif comp[0] == "filter":
            out += "[?" + filter_text(comp[1]) + "]"
        else:
            out += "[*]"
    return out


def upgrade_v1(field_map):
    """The version-2 map a version-1 map (no `version`) stands for."""
    out = json.loads(json.dumps(field_map))
    roles = out.setdefault("roles", {})
    out["version"], out["request_forms"] = 2, True
    out.setdefault("unknown_finish_reason", "drop")
    if "plain_text" not in out and "gateway.output.text" in roles:
        out["plain_text"] = {"request": {"$.response_format": ["text", "srt", "vtt"]}}
    stream = out.get("stream")
    if stream and stream.get("format") == "sse" and stream.get("done") is None:
        stream["done"] = "[DONE]"
    if not stream and any(b["body"] == "response_stream" for b in roles.values()):
        stream = out["stream"] = {"format": "sse", "done": "[DONE]"}   # version 1 read any SSE/NDJSON as a stream
    model = roles.get("gen_ai.request.model")
    chain = ([model] + model.pop("fallbacks", [])) if model else []
    if not any(b["body"] == "row" for b in chain):
        chain.append({"body": "row", "paths": ["$.model"]})
    roles["gen_ai.request.model"] = dict(chain[0], **({"fallbacks": chain[1:]} if len(chain) > 1 else {}))
    for name, binding in roles.items():
        if binding["body"] == "response_stream" and "assemble" not in binding:
            binding["assemble"] = {"gateway.stream.text_delta": "concat", "gateway.stream.reasoning_delta": "concat",
                                   "gateway.stream.tool_call_delta": "join_calls"}.get(name, "last")
    envelopes = find_envelopes(roles) if stream else []
    for name, binding in roles.items():
        if "fallbacks" in binding:
            continue
        common = {k: binding[k] for k in ("item",) if k in binding}
        if binding["body"] == "response" and name != "gen_ai.output.messages" and stream:
            fallbacks = [dict(common, body="response_stream", event="*", paths=binding["paths"], assemble="last")]
            for event, prefix in envelopes:
                paths = [path_text(list(prefix) + parse_path(t)) for t in binding["paths"]]
                fallbacks.append(dict(common, body="response_stream", event=event or "*", paths=paths, assemble="last"))
            if "tokens" in binding:
                fallbacks = [dict(f, tokens=binding["tokens"]) for f in fallbacks]
            binding["fallbacks"] = fallbacks
        elif binding["body"] == "error":
            binding["fallbacks"] = [dict(common, body="response", paths=binding["paths"])]
            if stream:
                binding["fallbacks"].append(dict(common, body="response_stream", event="*", paths=binding["paths"], assemble="last"))
    return out


def find_envelopes(roles):
    """(event, prefix) pairs where a stream role's path ends with its response role's path."""
    envelopes = []
    for stream_role, response_role in V1_ENVELOPE_PAIRS:
        s_binding, r_binding = roles.get(stream_role), roles.get(response_role)
        if not s_binding or not r_binding:
            continue
        for s in [parse_path(t) for t in s_binding.get("paths", [])]:
            for r in [parse_path(t) for t in r_binding["paths"]]:
                if r and len(s) > len(r) and s[len(s) - len(r):] == r:
                    entry = (None if s_binding.get("event") == "*" else s_binding.get("event"), s[:len(s) - len(r)])
                    if entry not in envelopes:
                        envelopes.append(entry)
    return envelopes


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


def first_value(item, texts, accept):
    """The first acceptable value of an item key's paths (paths in order, values in document order)."""
    for text in texts or []:
        for node in select(item.node, parse_path(text)):
            if accept(captured(node)):
                return captured(node)
    return None


def item_string(item, texts):
    v = first_value(item, texts, lambda v: v[0] == "string")
    return v[1] if v else None


def tool_call(item, item_map):
    """A tool call: id, name, arguments (a string as is; an object or array as compact JSON)."""
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
        parts = []
        for text in item_map.get("text") or []:
            parts = [n.value for n in select(item.node, parse_path(text)) if n.kind == "string"]
            if parts:
                break
    out = {}
    role = item_string(item, item_map.get("role"))
    if role is not None:
        out["role"] = role
    out["parts"] = parts
    if tool_call_item and item_map.get("tool_calls") and item.direct is None:
        nested = items_of(item.node, [parse_path(t) for t in item_map["tool_calls"]])
        calls = [c for c in (tool_call(i, tool_call_item) for i in nested) if c]
        if calls:
            out["tool_calls"] = calls
    for key in ("tool_call_id", "name"):
        value = item_string(item, item_map.get(key))
        if value is not None:
            out[key] = value
    return out


def merge_call(piece, key, calls):
    """join_calls (5.3): a piece with an index joins the call of that index; without one it opens a
    call when it names one (id or name), else joins the last. Returns whether the piece was used."""
    opens = "id" in piece or "name" in piece
    position = None
    if key is not None:
        position = next((i for i, (k, _) in enumerate(calls) if k == key), None)
    elif not opens and calls:
        position = len(calls) - 1
    if position is None:
        if opens:
            calls.append((key, dict(piece)))
        return opens
    call = calls[position][1]
    for field in ("id", "name"):
        if field not in call and field in piece:
            call[field] = piece[field]
    if "arguments" in piece:
        call["arguments"] = call.get("arguments", "") + piece["arguments"]
    return True


def model_in_url(url, templates):
    """Section 3.2: the text the first matching template's {model} matches, percent-decoded."""
    path = url
    if "://" in path:
        path = path.split("://", 1)[1]
        path = path[path.index("/"):] if "/" in path else ""
    for stop in "?#":
        path = path.split(stop, 1)[0]
    segments = path.split("/")[1:]
    for template in templates:
        found = match_template(segments, template.split("/")[1:])
        if found is not None:
            return percent_decoded(found)
    return None


def match_template(path, template):
    at = next((i for i, part in enumerate(template) if part.startswith("{model}")), None)
    if at is None:
        return None
    before, after, action = template[:at], template[at + 1:], template[at][len("{model}"):]
    if len(path) < len(before) + 1 + len(after):
        return None
    if not all(segment_matches(s, p) for s, p in zip(path[len(path) - len(after):], after)):
        return None
    last = len(path) - len(after) - 1
    for start in range(len(before), last + 1):
        if not all(segment_matches(s, p) for s, p in zip(path[start - len(before):start], before)):
            continue
        text = "/".join(path[start:last + 1])
        if action:
            if not text.endswith(action):
                return None
            text = text[:-len(action)]
        return text or None
    return None


def segment_matches(segment, part):
    if not part.startswith("{") or "}" not in part:
        return segment == part
    action = part[part.index("}") + 1:]
    return len(segment) > len(action) and segment.endswith(action)


def percent_decoded(text):
    """Percent-decoding as UTF-8; text with a broken escape or invalid UTF-8 is kept as it is."""
    out, i = bytearray(), 0
    while i < len(text):
        if text[i] == "%":
            pair = text[i + 1:i + 3]
            if len(pair) < 2 or any(c not in "0123456789abcdefABCDEF" for c in pair):
                return text
            out.append(int(pair, 16))
            i += 3
        else:
            out.extend(text[i].encode("utf-8"))
            i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return text


# ---------------------------------------------------------------------------------------------
# 5. Applying a map to one exchange. A Draft collects values as bindings are read. A stream
#    reads into one draft per place in the order of section 5.4 (stream roles by level, then the
#    response roles' stream fallbacks by level); the drafts then fill the record in that order.

class Draft:
    def __init__(self):
        self.rec = {"gen_ai.response.finish_reasons": [], "gateway.response.canonical_finish_reasons": [],
                    "gen_ai.input.messages": [], "gen_ai.output.messages": [], "gateway.output.tool_calls": []}
        self.tokens, self.conventions = {}, {}
        self.calls = []               # join_calls: [(index or None, call)]
        self.model_level = None       # the level of the binding that gave the request model
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
        for key in ("gen_ai.response.model", "gen_ai.response.id", "gateway.output.text", "gateway.output.reasoning",
                    "gateway.error.type", "gateway.error.code", "gateway.error.message"):
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


# Every stream framing: the body into (document bytes, name or None) events.
STREAM_EVENTS = {"sse": sse_events, "ndjson": ndjson_events, "aws_eventstream": eventstream_events,
                 "json_array": json_array_events}


class Applier:
    def __init__(self, field_map):
        if field_map.get("version") is None:
            field_map = upgrade_v1(field_map)
        self.map = field_map
        self.roles = field_map.get("roles") or {}
        self.request_links, self.response_links, self.stream_links, self.context_links, self.stream_drafts = build_links(field_map)
        stream = field_map.get("stream") or {}
        self.event_key, self.done = stream.get("event_key"), stream.get("done")
        formats = stream.get("format") or []
        self.stream_formats = [formats] if isinstance(formats, str) else formats
        self.event_names = []
        for link in self.stream_links:
            if link.event not in (None, "*") and link.event not in self.event_names:
                self.event_names.append(link.event)

    # -- one document, one binding

    def found(self, link, doc):
        """Per path, the values it selects (vectors measured, not decoded)."""
        measured = link.role in ("gateway.embeddings.vectors", VECTOR_ELEMENTS)
        return [[measure(n) if measured else captured(n) for n in select(doc, comps)] for comps in link.paths]

    def winning(self, link, found):
        """(values of the first path that yields, its rank, the first wrongly typed value)."""
        rejected = None
        for rank, values in enumerate(found):
            if any(accepts(link.kind, v) for v in values):
                return values, rank, None
            non_null = [v for v in values if v[0] != "null"]
            if values and rejected is None and non_null:
                rejected = (rank, non_null[0])
        return None, rejected[0] if rejected else 0, rejected[1] if rejected else None

    def apply(self, link, doc, body, draft, join_calls=False):
        """Reads one binding on one document into the draft; returns whether it yielded."""
        if link.item:
            items = items_of(doc, link.paths)
            return bool(items) and self.apply_items(link, items, draft, join_calls)
        found = self.found(link, doc)
        if link.kind is None or not any(found):
            return False
        values, rank, rejected = self.winning(link, found)
        return self.apply_values(link, values or [], rank, rejected, body, draft)

    def apply_values(self, link, values, rank, rejected, body, draft):
        kind, role, rec = link.kind, link.role, draft.rec
        good = [v for v in values if accepts(kind, v)]
        if not good:
            bad = rejected or next((v for v in values if v[0] != "null"), None)
            if bad is not None and not link.quiet(body) and not link.expects_parts(rank):
                path = link.path_texts[rank] if rank < len(link.path_texts) else None
                draft.issue(issue(role, body, path, issue_kind(kind, bad)))
            return False
        first = good[0]
        strings = [v[1] for v in values if v[0] == "string"]
        if role in STRING_FIELDS:
            rec[role] = first[1]
            if role == "gen_ai.request.model":
                draft.model_level = link.level
        elif role == "gateway.error.code":
            rec[role] = scalar_text(first)
        elif role in ("gen_ai.response.finish_reasons", "gateway.stream.finish_reason"):
            rec["gen_ai.response.finish_reasons"] = strings
            rec["gateway.response.canonical_finish_reasons"] = canonical_finish_reasons(self.map, strings)
        elif role in ("gateway.output.text", "gateway.stream.text_delta"):
            rec["gateway.output.text"] = "".join(strings)
        elif role in ("gateway.output.reasoning", "gateway.stream.reasoning_delta"):
            rec["gateway.output.reasoning"] = "".join(strings)
        elif role == "gen_ai.system_instructions":
            rec[role] = "\n".join(strings)
        elif role == "gen_ai.request.stop_sequences":
            rec[role] = strings
        elif role == PLAIN_TEXT_SELECTOR:
            if any(s.lower() in link.accepted for s in strings):
                draft.requested_plain_text = True
            return True
        elif role in INTEGER_FIELDS:
            rec[role] = whole_number(first)
        elif role in NUMBER_FIELDS:
            rec[role] = float(first[1])
        elif role == "gateway.request.stream":
            rec[role] = first[1]
        elif role == "gateway.embeddings.vectors":
            rec["gateway.embeddings.count"] = len(good)
            rec["gateway.embeddings.dimension"] = dimension(first)
        elif role == VECTOR_ELEMENTS:
            vectors = [v for v in values if v[0] in ("array", "measured")]
            if not vectors:
                return False
            rec["gateway.embeddings.count"] = len(vectors)
            rec["gateway.embeddings.dimension"] = dimension(vectors[0])
            draft.note(link.confidence, "gateway.embeddings.vectors")
            return True
        elif role in TOKEN_TARGET:
            target = TOKEN_TARGET[role]
            draft.tokens[target] = whole_number(first)
            if link.tokens is not None:
                draft.conventions[target] = link.tokens
            else:
                draft.conventions.pop(target, None)
        draft.note(link.confidence, role)
        return True

    def apply_items(self, link, items, draft, join_calls):
        role, item_map, rec = link.role, link.item, draft.rec
        if join_calls:
            merged = False
            for i in items:
                piece = tool_call(i, item_map)
                if piece:
                    merged = merge_call(piece, tool_call_index(i, item_map), draft.calls) or merged
            if merged:
                draft.note(link.confidence, role)
            return merged
        if role in ("gen_ai.input.messages", "gen_ai.output.messages"):
            rec[role] = [message(i, item_map, link.tool_call_item) for i in items]
        elif role == "gen_ai.system_instructions":
            blocks = [b for b in ("".join(message(i, item_map, None)["parts"]) for i in items) if b]
            if not blocks:
                return False
            rec[role] = "\n".join(blocks)
        elif role in ("gateway.output.tool_calls", "gateway.stream.tool_call_delta"):
            calls = [c for c in (tool_call(i, item_map) for i in items) if c]
            if not calls:
                return False
            rec["gateway.output.tool_calls"] = calls
        else:
            return False
        draft.note(link.confidence, role)
        return True

    # -- bodies (section 2)

    def read_request(self, body, draft):
        fmt = body_format(body)
        if fmt == "json":
            if not self.request_links:
                return
            try:
                doc = parse_json(body)
            except JSONError as error:
                draft.issue(issue(None, "request", None, {"unreadableBody": {"offset": error.offset, "reason": error.reason}}))
                return
            for link in self.request_links:
                self.apply(link, doc, "request", draft)
        elif fmt == "multipart" and self.map.get("request_forms"):
            self.read_form(body, draft)
        else:
            draft.issue(issue(None, "request", None, {"unexpectedFormat": {"_0": fmt}}))

    def read_form(self, body, draft):
        """A form's non-file fields are one flat object; request bindings read its members."""
        fields = form_fields(body)
        if fields is None:
            draft.issue(issue(None, "request", None, {"unexpectedFormat": {"_0": "multipart"}}))
            return
        values = {name: form_value(raw) for name, raw in fields.items()}
        for link in self.request_links:
            if link.item:
                continue
            for rank, comps in enumerate(link.paths):
                if len(comps) == 1 and comps[0][0] == "key" and comps[0][1] in values:
                    if link.kind is not None:
                        self.apply_values(link, [values[comps[0][1]]], rank, None, "request", draft)
                    break

    def read_response(self, body, status, draft):
        fmt = body_format(body)
        kind = "error" if (status or 0) >= 400 else "response"
        if fmt == "json" and kind == "response" and "json_array" in self.stream_formats \
                and body[3 if body.startswith(BOM) else 0:].lstrip(WS).startswith(b"["):
            fmt = "json_array"   # a top-level array is a stream only where the map says the API streams so
        if fmt == "json":
            try:
                doc = parse_json(body)
            except JSONError as error:
                draft.issue(issue(None, kind, None, {"unreadableBody": {"offset": error.offset, "reason": error.reason}}))
                return
            for link in self.response_links:
                if link.body == kind:   # error bindings read error bodies, response bindings success bodies
                    self.apply(link, doc, kind, draft)
        elif fmt in STREAM_EVENTS and self.map.get("stream"):
            self.read_stream(STREAM_EVENTS[fmt](body), draft)
        elif fmt == "text" and kind == "response" and draft.requested_plain_text \
                and "gateway.output.text" in self.roles and self.map.get("plain_text"):
            draft.rec["gateway.output.text"] = body.decode("utf-8", "replace")
            draft.note(self.roles["gateway.output.text"].get("confidence"), "gateway.output.text")
        elif fmt == "text" and kind == "error":
            text = body.decode("utf-8", "replace").strip()
            if text:
                draft.rec["gateway.error.message"] = text
        else:
            draft.issue(issue(None, kind, None, {"unexpectedFormat": {"_0": fmt}}))

    def read_stream(self, events, draft):
        """Section 5: each stream binding is read on every event it names, assembled by `assemble`."""
        drafts = [Draft() for _ in range(self.stream_drafts)]
        yielded, concatenated = set(), {}
        for index, (data, name) in enumerate(events):
            if self.done is not None and data.strip(WS) == self.done.encode("utf-8"):
                continue
            try:
                doc = parse_json(data)
            except JSONError as error:
                drafts[0].issue(issue(None, "response_stream", None,
                                      {"unreadableEvent": {"index": index, "offset": error.offset, "reason": error.reason}}))
                continue
            if self.event_names:
                # The framing's name; else the map's event_key member; else `message`.
                if name is None and self.event_key is not None:
                    found = select(doc, [("key", self.event_key)])
                    name = found[0].value if found and found[0].kind == "string" else None
                name = name or "message"
            for position, link in enumerate(self.stream_links):
                if link.event not in (None, "*") and link.event != name:
                    continue
                if link.assemble == "concat":
                    values, _, _ = self.winning(link, self.found(link, doc))
                    if values is not None:
                        concatenated[position] = concatenated.get(position, "") + "".join(v[1] for v in values if v[0] == "string")
                elif link.assemble == "first":
                    if position not in yielded and self.apply(link, doc, "response_stream", drafts[link.draft]):
                        yielded.add(position)
                else:
                    self.apply(link, doc, "response_stream", drafts[link.draft], join_calls=link.assemble == "join_calls")
        for position, text in concatenated.items():
            link = self.stream_links[position]
            self.apply_values(link, [("string", text)], 0, None, "response_stream", drafts[link.draft])
        draft.rec["gateway.response.is_stream"] = True
        for level in drafts:
            if level.calls:
                level.rec["gateway.output.tool_calls"] = [call for _, call in level.calls]
            level.rec["gen_ai.output.messages"] = []   # a stream's output message is re-assembled below
            draft.fill(level)
        rec = draft.rec
        if rec.get("gateway.output.text") is not None or rec["gateway.output.tool_calls"]:
            out = {"role": "assistant", "parts": [rec["gateway.output.text"]] if rec.get("gateway.output.text") is not None else []}
            if rec["gateway.output.tool_calls"]:
                out["tool_calls"] = rec["gateway.output.tool_calls"]
            rec["gen_ai.output.messages"] = [out]

    def read_context(self, target_url, logged_model, draft):
        """`url` and `row` bindings of the request model (3.2), by level, after the bodies."""
        for link in self.context_links:
            if draft.model_level is not None and draft.model_level < link.level:
                continue
            value = None
            if link.body == "url" and target_url is not None:
                value = model_in_url(target_url, link.binding.get("templates") or [])
            elif link.body == "row" and any(p in ([("key", "model")], [("wild",)]) for p in link.paths):
                value = logged_model
            if value is None:
                continue
            draft.rec["gen_ai.request.model"] = value
            draft.model_level = link.level
            draft.note(link.confidence, "gen_ai.request.model")


# ---------------------------------------------------------------------------------------------
# 6. The record: what the bodies imply, what a usable record lacks, token arithmetic.

def normalize(field_map, request, response, status, target_url=None, logged_model=None):
    """The record for one exchange (`request`/`response`: bytes, or None for a NULL body)."""
    applier = Applier(field_map)
    draft = Draft()
    draft.rec["gateway.response.is_stream"] = False
    if request:
        applier.read_request(request, draft)
    if response is not None:
        applier.read_response(response, status, draft)
    applier.read_context(target_url, logged_model, draft)
    report_absent(applier, draft, status, bool(request), bool(response))
    return finish(field_map, draft, status)


def report_absent(applier, draft, status, has_request, has_response):
    """Section 8: `absent` for what a usable record needs and the bodies did not give."""
    rec, roles = draft.rec, applier.roles
    if rec.get("gen_ai.system_instructions") is None and rec["gen_ai.input.messages"]:
        system = ["".join(m["parts"]) for m in rec["gen_ai.input.messages"] if m.get("role") in ("system", "developer")]
        if system:
            rec["gen_ai.system_instructions"] = "\n".join(system)
    unreadable = {i["body"] for i in draft.issues if "role" not in i and "body" in i}

    def absent(role):
        binding = roles.get(role)
        if binding and not any(i.get("role") == role for i in draft.issues):
            paths = binding.get("paths") or []
            draft.issue(issue(role, binding["body"], paths[0] if paths else None, {"absent": {}}))

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

    def stream_or(stream_role, role):
        return stream_role if streamed and stream_role in roles else role

    if rec.get("gateway.output.text") is None and not rec["gateway.output.tool_calls"] \
            and rec.get("gateway.embeddings.count") is None and not rec["gen_ai.output.messages"]:
        absent(stream_or("gateway.stream.text_delta", "gateway.output.text"))
        if "gateway.output.text" not in roles:
            absent("gateway.embeddings.vectors")
    if not rec["gen_ai.response.finish_reasons"]:
        absent(stream_or("gateway.stream.finish_reason", "gen_ai.response.finish_reasons"))
    if "input" not in draft.tokens:
        absent(stream_or("gateway.stream.usage.input_tokens", "gen_ai.usage.input_tokens"))
    if "output" not in draft.tokens:
        absent(stream_or("gateway.stream.usage.output_tokens", "gen_ai.usage.output_tokens"))


def finish(field_map, draft, status):
    """Section 6: input includes cached input, output includes separate reasoning, nothing is
    counted twice; then the record in the JSON shape of `normalize --json`."""
    tokens, conventions, rec = draft.tokens, draft.conventions, dict(draft.rec)

    def plus(total, target, role):
        if total is None or target not in tokens:
            return total
        if total + tokens[target] > INT64_MAX:
            draft.issues.append(issue(role, None, None, {"outOfRange": {}}))
            return None
        return total + tokens[target]

    if "input" in tokens:
        value = tokens["input"]
        if conventions.get("input") == "excludes_cached":
            for cache in ("cache_read", "cache_creation"):
                if conventions.get(cache) == "separate":
                    value = plus(value, cache, "gen_ai.usage.input_tokens")
        rec["gen_ai.usage.input_tokens"] = value
    if "output" in tokens:
        value = tokens["output"]
        if conventions.get("reasoning") == "separate":
            value = plus(value, "reasoning", "gen_ai.usage.output_tokens")
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
    record = normalize(field_map, request, response, row.get("status"), row.get("target_url"), row.get("model"))
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
    if not os.path.isdir(root):
        print(f"{root}: not a directory of cases (Tests/Conformance/cases)", file=sys.stderr)
        return 66
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
        if not os.path.exists(os.path.join(directory, "row.json")):
            print(f"{directory}: not a case directory (no row.json)", file=sys.stderr)
            return 66
        print(json.dumps(apply_case(directory), ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
