# ak_add_python_test(NAME <name> ARGS <python arguments...> [ENVIRONMENT <VAR=value>...]
#                    [LOADS_LIBRARY])
#
# Registers a test run by the Python interpreter. LOADS_LIBRARY marks a test that loads
# libashbyknit into the interpreter through ctypes: in a sanitized build the interpreter is not
# instrumented, so the sanitizer runtime must be preloaded, and the interpreter's own
# deliberate leaks at exit must not count.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

set(AK_PRELOADED_SANITIZER_ENVIRONMENT "")
if(AK_SANITIZE)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
    OUTPUT_VARIABLE ak_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(AK_PRELOADED_SANITIZER_ENVIRONMENT
    "LD_PRELOAD=${ak_libasan}"
    "ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=0")
endif()

function(ak_add_python_test)
  cmake_parse_arguments(arg "LOADS_LIBRARY" "NAME" "ARGS;ENVIRONMENT" ${ARGN})
  add_test(NAME ${arg_NAME} COMMAND ${Python3_EXECUTABLE} ${arg_ARGS})
  set(environment ${arg_ENVIRONMENT} "PYTHONDONTWRITEBYTECODE=1")
  if(arg_LOADS_LIBRARY)
    list(APPEND environment ${AK_PRELOADED_SANITIZER_ENVIRONMENT})
  endif()
  set_tests_properties(${arg_NAME} PROPERTIES ENVIRONMENT "${environment}")
endfunction()
