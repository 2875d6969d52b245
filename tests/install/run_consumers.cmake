# Installs the build into a scratch prefix, then configures, builds and runs the consumer
# project against it (find_package) and against the source tree (add_subdirectory).
# Inputs: BUILD_DIR SOURCE_DIR CONSUMER_DIR WORK_DIR GENERATOR FLAGS.

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT status EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${status}): ${command}\n${output}")
  endif()
endfunction()

# Configures the consumer in mode `mode` with extra arguments, builds it and runs its programs.
function(build_and_run_consumer mode)
  set(build ${WORK_DIR}/${mode})
  run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${build} -G ${GENERATOR} -DAK_CONSUMER_MODE=${mode}
      "-DCMAKE_C_FLAGS=${FLAGS}" "-DCMAKE_CXX_FLAGS=${FLAGS}" ${ARGN})
  run(${CMAKE_COMMAND} --build ${build})
  foreach(program consumer_c consumer_cpp_shared consumer_cpp_static)
    run(${build}/${program})
  endforeach()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
build_and_run_consumer(package -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
build_and_run_consumer(subdirectory -DASHBYKNIT_SOURCE_DIR=${SOURCE_DIR})
