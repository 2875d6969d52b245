"""The admin API's OpenAPI document (docs/admin-openapi.json) as the tests hold serve to it: the
operation a request names, and whether a reply is one the operation documents (its status, its
headers, its body against the schema). Only what the document uses of JSON Schema is checked:
$ref, type (a name or a list), const, enum, minimum, maximum, minLength, pattern, properties,
required, additionalProperties (false or a schema) and items; anything else in a schema fails the
check, so that the document cannot grow past what is checked."""

import json
import pathlib
import re

DOCUMENT_PATH = pathlib.Path(__file__).resolve().parents[2] / "docs" / "admin-openapi.json"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CHECKED_KEYWORDS = {"$ref", "type", "const", "enum", "minimum", "maximum", "minLength", "pattern", "properties",
                    "required", "additionalProperties", "items", "description"}
JSON_TYPES = {
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "string": lambda value: isinstance(value, str),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


class AdminApiDocument:
    """The document, loaded once, and every (operationId, status) a check has seen."""

    def __init__(self, path: pathlib.Path = DOCUMENT_PATH):
        self.text = path.read_text()
        self.document = json.loads(self.text)
        self.seen = set()

    def resolve(self, node: dict) -> dict:
        """`node`, or what its $ref points at (inside this document)."""
        while "$ref" in node:
            target = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def templates(self) -> dict:
        """Every path template (under the prefix, without its leading '/') with its methods, upper case."""
        return {template.lstrip("/"): [method.upper() for method in item if method in METHODS]
                for template, item in self.document["paths"].items()}

    def operations(self):
        """Every operation as (method, template, operation object)."""
        for template, item in self.document["paths"].items():
            for method in METHODS:
                if method in item:
                    yield method.upper(), template.lstrip("/"), item[method]

    def documented_statuses(self) -> set:
        """Every (operationId, status) the document has."""
        return {(operation["operationId"], int(status))
                for _, _, operation in self.operations() for status in operation["responses"]}

    def find(self, method: str, route: str):
        """The (template, operation) that `method` at `route` (a path under the prefix, without its
        query) names, or None; a literal segment wins over a placeholder."""
        candidates = []
        for documented_method, template, operation in self.operations():
            if documented_method == method and matches(template, route):
                candidates.append((template.count("{"), template, operation))
        return min(candidates, key=lambda candidate: candidate[0])[1:] if candidates else None

    def check_reply(self, method: str, route: str, status: int, headers: dict, body: bytes) -> list:
        """What is wrong with a reply to `method` at `route`, as sentences (none: it is documented).
        `headers` have lower-case names. Notes (operationId, status) as seen."""
        found = self.find(method, route)
        if found is None:
            return [f"{method} {route} is no documented operation"]
        template, operation = found
        where = f"{method} /{template} {status}"
        response = operation["responses"].get(str(status))
        if response is None:
            return [f"{where}: the status is not documented"]
        self.seen.add((operation["operationId"], status))
        response = self.resolve(response)
        problems = []
        for name, header in response.get("headers", {}).items():
            if name.lower() not in headers:
                problems.append(f"{where}: no {name} header")
            else:
                problems += self.violations(header["schema"], headers[name.lower()], f"{where} header {name}")
        content = response.get("content")
        if content is None:
            if body:
                problems.append(f"{where}: a body where none is documented")
            return problems
        if headers.get("content-type") not in content:
            return problems + [f"{where}: Content-Type {headers.get('content-type')!r} is not documented"]
        try:
            value = json.loads(body)
        except ValueError:
            return problems + [f"{where}: the body is not JSON"]
        return problems + self.violations(content[headers["content-type"]]["schema"], value, f"{where} body")

    def violations(self, schema: dict, value, where: str) -> list:
        """How `value` breaks `schema`, as sentences naming where (none: it conforms)."""
        schema = self.resolve(schema)
        unchecked = set(schema) - CHECKED_KEYWORDS
        if unchecked:
            return [f"{where}: the schema uses {sorted(unchecked)}, which the check does not know"]
        types = schema.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else types
            if not any(JSON_TYPES[name](value) for name in names):
                return [f"{where}: {value!r} is not {' or '.join(names)}"]
        problems = []
        if "const" in schema and value != schema["const"]:
            problems.append(f"{where}: {value!r} is not {schema['const']!r}")
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
        if "minimum" in schema and JSON_TYPES["number"](value) and value < schema["minimum"]:
            problems.append(f"{where}: {value} is under {schema['minimum']}")
        if "maximum" in schema and JSON_TYPES["number"](value) and value > schema["maximum"]:
            problems.append(f"{where}: {value} is over {schema['maximum']}")
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0):
                problems.append(f"{where}: {value!r} is shorter than {schema['minLength']}")
            if "pattern" in schema and not re.search(schema["pattern"], value):
                problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if isinstance(value, dict):
            problems += self.object_violations(schema, value, where)
        if isinstance(value, list) and "items" in schema:
            for index, item in enumerate(value):
                problems += self.violations(schema["items"], item, f"{where}[{index}]")
        return problems

    def object_violations(self, schema: dict, value: dict, where: str) -> list:
        properties = schema.get("properties", {})
        problems = [f"{where}: no member {name!r}" for name in schema.get("required", []) if name not in value]
        for name, member in value.items():
            if name in properties:
                problems += self.violations(properties[name], member, f"{where}.{name}")
            elif schema.get("additionalProperties", True) is False:
                problems.append(f"{where}: the member {name!r} is not documented")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += self.violations(schema["additionalProperties"], member, f"{where}.{name}")
        return problems


def matches(template: str, route: str) -> bool:
    """True when `route` matches `template` segment for segment, a {placeholder} matching any
    non-empty segment."""
    expected, given = template.split("/"), route.split("/")
    return len(expected) == len(given) and all(
        (part.startswith("{") and segment) or part == segment for part, segment in zip(expected, given))


def sample_route(template: str, **values) -> str:
    """`template` with each {placeholder} replaced by values[name], else by "sample"."""
    return re.sub(r"\{(\w+)\}", lambda match: values.get(match.group(1), "sample"), template)
