"""Lints IAM policy documents with parliament; the engine behind tests/helpers/policy-lint.ts.

stdin:  [{"name": str, "kind": "identity" | "resource" | "trust", "document": {...}}, ...]
stdout: [{"name", "issue", "severity", "title", "detail"}, ...]   (every finding, no severity filter)

Two adjustments, each for a gap in parliament 1.6.4 rather than in the policies:
- A trust policy has no Resource element (the role it is attached to is the resource), which parliament
  reports as MALFORMED and then stops checking the statement. We lint it with the role as its Resource,
  so its actions, principals and condition keys are still checked.
- parliament knows SAML and the web-identity providers Amazon, Facebook, Google and Cognito, but not IAM
  OIDC providers (`arn:<partition>:iam::<account>:oidc-provider/<host>`): it reports such a Federated
  principal as UNKNOWN_FEDERATION_SOURCE and the provider's own condition keys (`<host>:aud`,
  `<host>:sub`, ...) as UNKNOWN_CONDITION_FOR_ACTION. Only those two findings are dropped, and only for an
  OIDC provider the statement itself names; everything else parliament says is returned.
"""

import json
import re
import sys

from parliament import analyze_policy_string, enhance_finding

TRUST_RESOURCE = "arn:aws:iam::123456789012:role/policy-lint-trust-subject"
OIDC_PROVIDER = re.compile(r"^arn:aws[-a-z]*:iam::\d{12}:oidc-provider/(.+)$")
OIDC_ACTION = "sts:AssumeRoleWithWebIdentity"


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def oidc_hosts(document):
    """The hosts of the IAM OIDC providers the document's statements federate with."""
    hosts = set()
    for statement in as_list(document.get("Statement")):
        principal = statement.get("Principal") if isinstance(statement, dict) else None
        if isinstance(principal, dict):
            for federated in as_list(principal.get("Federated")):
                match = OIDC_PROVIDER.match(str(federated))
                if match:
                    hosts.add(match.group(1))
    return hosts


UNKNOWN_CONDITION = re.compile(rf"^Unknown condition ([^:\s]+):[A-Za-z_]+ for action {OIDC_ACTION}$")


def is_oidc_gap(finding, hosts):
    """True for the two findings parliament makes about any IAM OIDC provider the statement names."""
    detail = finding.detail if isinstance(finding.detail, str) else ""
    if finding.issue == "UNKNOWN_FEDERATION_SOURCE":
        return any(detail.endswith(f":oidc-provider/{host}") for host in hosts)
    if finding.issue == "UNKNOWN_CONDITION_FOR_ACTION":
        match = UNKNOWN_CONDITION.match(detail)
        return bool(match) and match.group(1) in hosts
    return False


def for_parliament(kind, document):
    if kind != "trust":
        return document
    statements = [
        dict(s, Resource=TRUST_RESOURCE) if isinstance(s, dict) and "Resource" not in s else s
        for s in as_list(document.get("Statement"))
    ]
    return dict(document, Statement=statements)


def lint(entry):
    name, kind, document = entry["name"], entry["kind"], entry["document"]
    if kind not in ("identity", "resource", "trust"):
        raise SystemExit(f'policy "{name}": kind must be identity, resource or trust, not {kind!r}')
    hosts = oidc_hosts(document)
    policy = analyze_policy_string(json.dumps(for_parliament(kind, document)), filepath=name)
    found = []
    for finding in policy.findings:
        if is_oidc_gap(finding, hosts):
            continue
        enhance_finding(finding)
        detail = (
            finding.detail
            if isinstance(finding.detail, str)
            else json.dumps(finding.detail, default=str, sort_keys=True)
        )
        found.append(
            {
                "name": name,
                "issue": finding.issue,
                "severity": finding.severity,
                "title": finding.title,
                "detail": detail,
            }
        )
    return found


def main():
    entries = json.load(sys.stdin)
    json.dump([finding for entry in entries for finding in lint(entry)], sys.stdout, indent=1)


if __name__ == "__main__":
    main()
