# The port reads like the kernel (issue 15): scripts/port-audit checks that
# every function in src/xfs, src/iomap and src/mm (and every inline in
# their headers) has a `models` line naming it and its kernel file (or is
# marked as the project's own), that no sim_/oracle_ call, cf_w reference
# or sim/ or oracle/ header is in the port, and that every file under src/
# keeps the include order shim -> port -> sim -> oracle -> run.
# tests/port_audit_known.txt is the ratchet of problems still to fix.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME port_audit
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/port-audit
                   --known ${CMAKE_CURRENT_LIST_DIR}/port_audit_known.txt ${PROJECT_SOURCE_DIR})
  # the include-order check can fail: a wrong include up a layer, each way
  add_test(NAME port_audit_layers
           COMMAND ${CMAKE_CURRENT_LIST_DIR}/port_audit_layers.sh ${Python3_EXECUTABLE}
                   ${PROJECT_SOURCE_DIR}/scripts/port-audit
                   ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_LIST_DIR}/port_audit_known.txt)
endif()
