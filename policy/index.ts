/**
 * The stedi-lakehouse policy pack: `pulumi preview --policy-pack policy/` runs these guardrails on
 * every resource before anything is created. The policies live in ./policies so tests can call them.
 */
import { PolicyPack } from "@pulumi/policy";
import { resourcePolicies, stackPolicies } from "./policies";

new PolicyPack("stedi-lakehouse-guardrails", {
  description:
    "Encrypted, private, TLS-only buckets; no wildcard S3 access; Glue 5.0+ jobs with a timeout and a security configuration.",
  enforcementLevel: "mandatory",
  policies: [...resourcePolicies, ...stackPolicies],
});
