/*
 * The connector ABI: the C contract between an automation host and a
 * connector plugin loaded from a shared library.
 *
 * Rules that keep the boundary stable across compilers and standard
 * libraries:
 * - Only C types cross: fixed-width integers, pointer plus length strings,
 *   opaque handles and function pointers. No C++ type and no exception.
 * - Every struct starts with its own size and only ever grows at the end.
 *   A reader checks `struct_size` before touching a field added in a later
 *   minor version.
 * - Memory is freed by the side that allocated it. Strings flow back to the caller
 *   through a connector_receive_fn callback, which must copy them.
 * - A major version change breaks compatibility; a minor one only appends
 *   fields and functions.
 *
 * docs/connector-abi.md describes ownership, lifetime and threading in full.
 */
#ifndef CONNECTOR_CONNECTOR_H
#define CONNECTOR_CONNECTOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CONNECTOR_ABI_MAJOR 1
#define CONNECTOR_ABI_MINOR 0

/** Name of the one symbol a connector library exports. */
#define CONNECTOR_ENTRY_SYMBOL "connector_entry"

#if defined(_WIN32)
#define CONNECTOR_EXPORT_SYMBOL __declspec(dllexport)
#else
#define CONNECTOR_EXPORT_SYMBOL __attribute__((visibility("default")))
#endif

/** Outcome of a plugin call. The message goes through connector_host.set_error. */
typedef enum connector_result {
    CONNECTOR_OK = 0,
    /** A transient failure: the same call may succeed later (network, rate limit, busy lock). */
    CONNECTOR_RETRYABLE = 1,
    /** A failure that repeats until a person acts (bad configuration, bad key, plugin bug). */
    CONNECTOR_PERMANENT = 2
} connector_result;

typedef enum connector_log_level {
    CONNECTOR_LOG_TRACE = 0,
    CONNECTOR_LOG_DEBUG = 1,
    CONNECTOR_LOG_INFO = 2,
    CONNECTOR_LOG_WARNING = 3,
    CONNECTOR_LOG_ERROR = 4
} connector_log_level;

/** Return codes of the state functions. */
typedef enum connector_state_code {
    CONNECTOR_STATE_ERROR = -1,    /**< the store failed; the host has logged why */
    CONNECTOR_STATE_NOT_FOUND = 0, /**< no value under the key, or compare-and-set mismatch */
    CONNECTOR_STATE_OK = 1
} connector_state_code;

/**
 * Receives a string from the other side of the boundary. `data` is valid
 * only during the call and is not NUL-terminated; the receiver copies what it
 * keeps. `receiver` is the pointer the caller passed along with the callback.
 */
typedef void (*connector_receive_fn)(void* receiver, const char* data, size_t size);

/**
 * Services the host offers to one connector instance. The host owns this
 * struct and keeps it valid from `create` until `destroy` returns.
 *
 * Every function takes `context` first, and the plugin passes the
 * `context` field back unchanged. The functions are thread-safe and may be
 * called from any thread, but only while a plugin call on this instance is in
 * progress.
 */
typedef struct connector_host {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;
    void* context;

    /** Writes one log line. The host adds time, level and [pipeline/step]. */
    void (*log)(void* context, connector_log_level level, const char* message, size_t size);

    /**
     * Sets the message that explains the result of the current call. The
     * host copies the text; a later call replaces it.
     */
    void (*set_error)(void* context, const char* message, size_t size);

    /**
     * Reads the value stored under `key` in this step's namespace and passes
     * it to `receive`. Returns CONNECTOR_STATE_OK, CONNECTOR_STATE_NOT_FOUND
     * (receive is not called) or CONNECTOR_STATE_ERROR.
     */
    int (*state_get)(void* context, const char* key, size_t key_size,
                     connector_receive_fn receive, void* receiver);

    /** Stores `value` under `key` durably before returning. OK or ERROR. */
    int (*state_put)(void* context, const char* key, size_t key_size, const char* value,
                     size_t value_size);

    /**
     * Atomically replaces the value under `key` with `value` when the stored
     * value equals `expected`. With `expected` NULL, succeeds only when no
     * value is stored. Returns OK when it replaced, NOT_FOUND on mismatch,
     * ERROR when the store failed.
     */
    int (*state_compare_and_set)(void* context, const char* key, size_t key_size,
                                 const char* expected, size_t expected_size, const char* value,
                                 size_t value_size);

    /** Deletes the value under `key`. OK (also when absent) or ERROR. */
    int (*state_delete)(void* context, const char* key, size_t key_size);

    /**
     * Reports progress of the current call: `done` of `total` units, with
     * `total` 0 when unknown. `unit` is a NUL-terminated word such as
     * "entries"; the host copies it.
     */
    void (*progress)(void* context, uint64_t done, uint64_t total, const char* unit);

    /** Returns non-zero once the host asked the current call to stop. */
    int (*is_cancelled)(void* context);
} connector_host;

/** A connector instance: opaque to the host, owned by the plugin. */
typedef struct connector_instance connector_instance;

/**
 * The function table a connector library returns from its entry symbol. It
 * and every string it points to are owned by the library and stay valid
 * while the library is loaded.
 *
 * The host calls the functions of one instance from one thread at a time.
 * Different instances may be used concurrently from different threads.
 */
typedef struct connector_plugin {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    const char* name;    /**< connector name, such as "lucca-timeentries" */
    const char* version; /**< the connector's own version, semantic versioning */

    /**
     * JSON Schema (draft 2020-12) of the configuration object. A property
     * with `"secret": true` contains a credential, which hosts mask when
     * printing.
     */
    const char* config_schema;

    /**
     * Creates an instance bound to `host`, which must outlive it. On success
     * stores the instance in `*instance`; on failure sets an error.
     */
    connector_result (*create)(const connector_host* host, connector_instance** instance);

    /**
     * Validates and applies the configuration, a JSON object of `size`
     * bytes. On failure the error names the offending key.
     */
    connector_result (*configure)(connector_instance* instance, const char* config_json,
                                  size_t size);

    /**
     * Reaches the upstream and destination without changing anything, and
     * passes a human-readable report to `receive`.
     */
    connector_result (*check)(connector_instance* instance, connector_receive_fn receive,
                              void* receiver);

    /** Runs one synchronisation. Stops early, with an error, when cancelled. */
    connector_result (*run)(connector_instance* instance);

    /** Passes the connector's status, a JSON object, to `receive`. */
    connector_result (*status)(connector_instance* instance, connector_receive_fn receive,
                               void* receiver);

    /** Releases the instance. The host never uses it afterwards. */
    void (*destroy)(connector_instance* instance);
} connector_plugin;

/**
 * The signature of the exported entry symbol. The host passes the ABI
 * version it implements; the plugin returns its table, or NULL when it
 * cannot work with that host.
 */
typedef const connector_plugin* (*connector_entry_fn)(uint16_t host_abi_major,
                                                      uint16_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* CONNECTOR_CONNECTOR_H */
