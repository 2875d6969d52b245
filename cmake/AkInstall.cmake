# Installs the libraries, headers and a CMake package config, so that
# find_package(ashbyknit) gives ashbyknit::ashbyknit and ashbyknit::ashbyknit_static.
include(CMakePackageConfigHelpers)

install(TARGETS ashbyknit ashbyknit_static
  EXPORT ashbyknitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES include/ashbyknit.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/ashbyknit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(ak_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/ashbyknit)
install(EXPORT ashbyknitTargets NAMESPACE ashbyknit:: DESTINATION ${ak_config_dir})
configure_package_config_file(cmake/ashbyknitConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/ashbyknitConfig.cmake
  INSTALL_DESTINATION ${ak_config_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/ashbyknitConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/ashbyknitConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/ashbyknitConfigVersion.cmake
  DESTINATION ${ak_config_dir})
