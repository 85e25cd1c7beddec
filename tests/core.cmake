# The simulated kernel: oracle canaries, hand-written scenarios on every
# profile they name, parser errors, determinism.
set(COWFUZZ_BIN $<TARGET_FILE:cowfuzz>)

add_executable(test_oracle ${CMAKE_CURRENT_SOURCE_DIR}/test_oracle.c)
target_link_libraries(test_oracle PRIVATE cowfuzz_scenario)
add_test(NAME core_oracle_classes COMMAND test_oracle)

file(GLOB CORE_SCENARIOS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/*.scn)
foreach(scn ${CORE_SCENARIOS})
  get_filename_component(name ${scn} NAME_WE)
  add_test(NAME core_scenario_${name}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run_scenarios.sh ${COWFUZZ_BIN} ${scn})
endforeach()

# run_bad.sh matches the FILE:LINE:COL prefix, so paths are repo-relative
file(GLOB CORE_BAD CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/scn_bad/*.scn)
foreach(scn ${CORE_BAD})
  get_filename_component(name ${scn} NAME_WE)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${scn})
  add_test(NAME core_parse_error_${name}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run_bad.sh ${COWFUZZ_BIN} ${rel}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endforeach()

file(GLOB CORE_IMPORTED CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/corpus/imported/*/*-000.scn)
add_test(NAME core_determinism
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/determinism.sh ${COWFUZZ_BIN}
                 ${CORE_SCENARIOS} ${CORE_IMPORTED})

# docs/scenario.md's tables and the code agree (yield points, opcodes)
add_test(NAME core_doc_sync
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/doc_sync.py ${PROJECT_SOURCE_DIR} ${COWFUZZ_BIN})

# the trace's operation lines are the canonical scenario text
add_executable(test_format_sync ${CMAKE_CURRENT_SOURCE_DIR}/test_format_sync.c)
target_link_libraries(test_format_sync PRIVATE cowfuzz_scenario)
file(GLOB CORE_ALL_IMPORTED CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/corpus/imported/*/*.scn)
add_test(NAME core_format_sync COMMAND test_format_sync ${CORE_SCENARIOS} ${CORE_ALL_IMPORTED})

# Sub-block buffered I/O: byte-exact contents and the byte form.
add_executable(test_subblock ${CMAKE_CURRENT_SOURCE_DIR}/test_subblock.c)
target_link_libraries(test_subblock PRIVATE cowfuzz_harness)
add_test(NAME core_subblock COMMAND test_subblock)
