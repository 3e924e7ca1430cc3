# Generates, at build time, a test certificate authority and a server
# certificate signed by it for the simulator's HTTPS port. The server
# certificate names 127.0.0.1, ::1 and localhost and is valid for 30 years.
# Sets LUCCA_SIMULATOR_CA_FILE, LUCCA_SIMULATOR_CERT_FILE and
# LUCCA_SIMULATOR_KEY_FILE, and the target lucca_simulator_certificates.
# Included from tests/simulator and tests/support; the first include wins.
set(LUCCA_SIMULATOR_CERT_DIR ${CMAKE_BINARY_DIR}/tests/simulator/certificates)
set(LUCCA_SIMULATOR_CA_FILE ${LUCCA_SIMULATOR_CERT_DIR}/test-ca.pem)
set(LUCCA_SIMULATOR_CERT_FILE ${LUCCA_SIMULATOR_CERT_DIR}/server.pem)
set(LUCCA_SIMULATOR_KEY_FILE ${LUCCA_SIMULATOR_CERT_DIR}/server.key)

if(NOT TARGET lucca_simulator_certificates)
  find_program(OPENSSL_EXECUTABLE openssl REQUIRED)
  set(extensions ${LUCCA_SIMULATOR_CERT_DIR}/server-extensions.cnf)
  file(MAKE_DIRECTORY ${LUCCA_SIMULATOR_CERT_DIR})
  file(WRITE ${extensions}
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, digitalSignature, keyEncipherment\n"
    "extendedKeyUsage = serverAuth\n"
    "subjectAltName = IP:127.0.0.1, IP:::1, DNS:localhost\n")

  set(days 10950)
  add_custom_command(
    OUTPUT ${LUCCA_SIMULATOR_CA_FILE} ${LUCCA_SIMULATOR_CERT_FILE} ${LUCCA_SIMULATOR_KEY_FILE}
    # genpkey, unlike req -newkey, can generate keys without progress output.
    COMMAND ${OPENSSL_EXECUTABLE} genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048
            -out test-ca.key
    COMMAND ${OPENSSL_EXECUTABLE} genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048
            -out server.key
    COMMAND ${OPENSSL_EXECUTABLE} req -x509 -key test-ca.key -sha256 -days ${days}
            -subj "/CN=Lucca Simulator Test CA"
            -addext "basicConstraints=critical,CA:TRUE"
            -addext "keyUsage=critical,keyCertSign,cRLSign"
            -out test-ca.pem
    COMMAND ${OPENSSL_EXECUTABLE} req -new -key server.key -sha256
            -subj "/CN=localhost" -out server.csr
    COMMAND ${OPENSSL_EXECUTABLE} x509 -req -sha256 -days ${days} -in server.csr
            -CA test-ca.pem -CAkey test-ca.key -CAcreateserial -CAserial test-ca.srl
            -extfile ${extensions} -out server.pem
    WORKING_DIRECTORY ${LUCCA_SIMULATOR_CERT_DIR}
    DEPENDS ${extensions}
    COMMENT "Generating the simulator's test CA and server certificate"
    VERBATIM)
  add_custom_target(lucca_simulator_certificates
    DEPENDS ${LUCCA_SIMULATOR_CA_FILE} ${LUCCA_SIMULATOR_CERT_FILE} ${LUCCA_SIMULATOR_KEY_FILE})
endif()
