// Comparison of a destination table with the simulator's ground truth,
// shared by the integration suites and the convergence driver. It reports
// differences as text and never aborts, so callers decide how to fail.
#pragma once

#include <string>
#include <vector>

#include "destination/Destination.h"

namespace Lucca {
namespace Test {

/// Fetches GET /_sim/truth from the simulator at `baseUrl` with exactly the
/// fields the connector requests, optionally scoped by `scopeQuery` (such as
/// "legalEntityId=1,2"), and returns the response body. Throws
/// std::runtime_error when the request fails or the status is not 200.
std::string fetchTruth(const std::string& baseUrl, const std::string& scopeQuery = "");

/// Compares `rows`, ordered by id, with the truth body returned by
/// fetchTruth(): same ids with none repeated, each modelled column equal to
/// the truth's field, and each row's JSON equal byte for byte to the truth's
/// item. Returns one line per difference, at most `maxDifferences` of them,
/// and an empty list when the two agree.
std::vector<std::string> compareRowsWithTruth(const std::vector<lucca::TimeEntryRow>& rows,
                                              const std::string& truthBody,
                                              std::size_t maxDifferences = 20);

}  // namespace Test
}  // namespace Lucca
