/**
 * Allowed values of the ECS categorization fields (ECS reference, "ECS Categorization Fields", which
 * lists them for 9.x). All are lower-case; keyword fields compare case-sensitively, so `Success` never
 * matches the `success` that ECS-conformant sources write. The field tables in ../shared/ecs drop
 * allowed values, hence this small table.
 */
export const ECS_ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "event.kind": ["alert", "asset", "enrichment", "event", "metric", "state", "pipeline_error", "signal"],
  "event.category": [
    "api",
    "authentication",
    "configuration",
    "database",
    "driver",
    "file",
    "host",
    "iam",
    "intrusion_detection",
    "library",
    "malware",
    "network",
    "package",
    "process",
    "registry",
    "session",
    "threat",
    "vulnerability",
    "web",
  ],
  "event.type": [
    "access",
    "admin",
    "allowed",
    "change",
    "connection",
    "creation",
    "deletion",
    "denied",
    "device",
    "end",
    "error",
    "group",
    "indicator",
    "info",
    "installation",
    "protocol",
    "start",
    "user",
  ],
  "event.outcome": ["failure", "success", "unknown"],
});
