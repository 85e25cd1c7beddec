# Fidelity to the recorded kernel (DESIGN §10, docs/fidelity.md): each run
# of shared/traces/real-xfs replayed by tests/fidelity/<run>.scn, forks,
# size and content compared after every recorded step.  Skips (77) when the
# traces are not checked out next to the repository.
add_executable(test_fidelity ${CMAKE_CURRENT_SOURCE_DIR}/test_fidelity.c)
target_link_libraries(test_fidelity PRIVATE cowfuzz_scenario)
foreach(run cow-writeback-debug cow-writeback-stock always-cow-debug replay-debug replay-stock)
  add_test(NAME fidelity_${run}
           COMMAND test_fidelity ${CMAKE_CURRENT_SOURCE_DIR}/fidelity
                   ${COWFUZZ_SHARED}/traces/real-xfs ${run})
  set_tests_properties(fidelity_${run} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
