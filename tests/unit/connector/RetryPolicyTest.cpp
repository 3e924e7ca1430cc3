#include <catch2/catch.hpp>

#include "http/RateLimiter.h"
#include "http/RetryPolicy.h"

using namespace std::chrono_literals;

TEST_CASE("backoff stays within its exponential ceiling", "[retry]") {
    lucca::RetryConfig config;
    config.maxAttempts = 4;
    config.initialBackoffMs = 100;
    config.maxBackoffMs = 350;
    lucca::RetryPolicy policy(config);
    CHECK(policy.mayRetry(1));
    CHECK(policy.mayRetry(3));
    CHECK_FALSE(policy.mayRetry(4));
    for (int i = 0; i < 200; ++i) {
        CHECK(policy.delayAfter(1, std::nullopt) <= 100ms);
        CHECK(policy.delayAfter(2, std::nullopt) <= 200ms);
        CHECK(policy.delayAfter(3, std::nullopt) <= 350ms);
        CHECK(policy.delayAfter(30, std::nullopt) <= 350ms);
        CHECK(policy.delayAfter(30, std::nullopt) >= 0ms);
    }
}

TEST_CASE("Retry-After is honoured and capped", "[retry]") {
    lucca::RetryConfig config;
    config.maxRetryAfterSeconds = 10;
    lucca::RetryPolicy policy(config);
    CHECK(policy.delayAfter(1, std::chrono::seconds(3)) == 3000ms);
    CHECK(policy.delayAfter(1, std::chrono::seconds(0)) == 0ms);
    CHECK(policy.delayAfter(1, std::chrono::seconds(3600)) == 10000ms);
}

TEST_CASE("rate limiter admits a burst then spaces requests", "[retry]") {
    // One token a minute, so the bounds hold however slowly the test runs.
    lucca::RateLimiter limiter(1, 2);
    CHECK(limiter.reserve() == lucca::RateLimiter::Clock::duration::zero());
    CHECK(limiter.reserve() == lucca::RateLimiter::Clock::duration::zero());
    auto third = limiter.reserve();
    auto fourth = limiter.reserve();
    CHECK(third > 0s);
    CHECK(third <= 60s);
    CHECK(fourth > third);
    CHECK(fourth <= 120s);
}
