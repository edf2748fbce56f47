# Installs the already-built ossxfer into a fresh prefix, then configures,
# builds and runs tests/consumer against it with find_package(ossxfer).
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}"
  RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "cmake --install failed")
endif()
if(NOT EXISTS "${prefix}/include/ossxfer/client.h" OR NOT EXISTS "${prefix}/lib/cmake/ossxfer/ossxferConfig.cmake")
  message(FATAL_ERROR "the install is missing headers or the package config")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}/tests/consumer" -B "${WORK_DIR}/build"
    -G Ninja -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
  RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "configuring the consumer project failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "building the consumer project failed")
endif()
execute_process(COMMAND "${WORK_DIR}/build/consumer" RESULT_VARIABLE failed OUTPUT_VARIABLE out)
message(STATUS "${out}")
if(failed)
  message(FATAL_ERROR "the consumer program failed")
endif()
