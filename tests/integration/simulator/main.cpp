#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <Poco/Net/SSLManager.h>

int main(int argc, char* argv[]) {
    Poco::Net::initializeSSL();
    const int result = Catch::Session().run(argc, argv);
    Poco::Net::uninitializeSSL();
    return result;
}
