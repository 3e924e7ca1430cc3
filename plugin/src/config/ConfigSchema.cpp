#include "config/ConfigSchema.h"

namespace lucca {

const char* configSchema() {
    // Keep in step with parseConnectorConfig() and docs/configuration.md.
    static const char* const schema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "lucca-timeentries",
  "type": "object",
  "additionalProperties": false,
  "required": ["baseUrl", "apiKey", "destination"],
  "properties": {
    "baseUrl": {"type": "string", "description": "Tenant URL such as https://example.ilucca.net, with or without trailing slash"},
    "apiKey": {"type": "string", "secret": true, "minLength": 1, "description": "Lucca API key, sent as 'Authorization: lucca application=KEY'"},
    "allowInsecureHttp": {"type": "boolean", "default": false, "description": "Allow a plain http:// base URL on a host other than loopback"},
    "pageSize": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000},
    "requestTimeoutSeconds": {"type": "integer", "minimum": 1, "maximum": 3600, "default": 30},
    "rateLimitPerMinute": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 50},
    "partitionConcurrency": {"type": "integer", "minimum": 1, "maximum": 16, "default": 2, "description": "Partitions synced at the same time, each with its own HTTP session and database connection"},
    "overlapMinutes": {"type": "integer", "minimum": 0, "maximum": 10080, "default": 0},
    "clockOffsetSeconds": {"type": "integer", "default": 0, "description": "Seconds added to the host clock when the sync start time is taken; 0 in production"},
    "extraFields": {"type": "array", "items": {"type": "string"}, "description": "Fields requested in addition to the modelled ones"},
    "retry": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "maxAttempts": {"type": "integer", "minimum": 1, "maximum": 100, "default": 5},
        "initialBackoffMs": {"type": "integer", "minimum": 0, "default": 500},
        "maxBackoffMs": {"type": "integer", "minimum": 0, "default": 30000},
        "maxRetryAfterSeconds": {"type": "integer", "minimum": 0, "maximum": 3600, "default": 120}
      }
    },
    "tls": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "verify": {"type": "boolean", "default": true},
        "caFile": {"type": "string", "description": "PEM file of CA certificates to trust in addition to the system store"}
      }
    },
    "scope": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "legalEntityIds": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1},
        "ownerIds": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1}
      }
    },
    "destination": {
      "type": "object",
      "additionalProperties": false,
      "required": ["type"],
      "properties": {
        "type": {"enum": ["sqlite", "postgresql"]},
        "path": {"type": "string", "description": "SQLite database file"},
        "connection": {"type": "string", "description": "libpq conninfo or URI, without the password"},
        "password": {"type": "string", "secret": true},
        "table": {"type": "string", "default": "lucca_time_entries"}
      }
    }
  }
})json";
    return schema;
}

}  // namespace lucca
