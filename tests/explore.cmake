# Schedule search (docs/explore.md): `cowfuzz explore` finds the seed bug
# from trace A's operations alone and replays what it prints; nothing on
# the fixed kernel.
add_test(NAME explore_seed_trace_a
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/explore_seed.sh $<TARGET_FILE:cowfuzz>
                 ${CMAKE_CURRENT_LIST_DIR}/scenarios/trace-a.scn)

# `cowfuzz minimize` trades two pauses that only work together for the
# search's one-preemption schedule.
add_test(NAME explore_minimize_pauses
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/explore_minimize.sh $<TARGET_FILE:cowfuzz>
                 ${CMAKE_CURRENT_LIST_DIR}/fixtures/explore/two-pauses.scn)

# `cowfuzz triage` explores a known crash's operations on its fixed profile.
add_test(NAME explore_triage_fixed_profile
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/explore_triage.sh $<TARGET_FILE:cowfuzz>
                 ${CMAKE_CURRENT_LIST_DIR}/fixtures/explore
                 ${CMAKE_CURRENT_LIST_DIR}/scenarios/trace-a.scn)

# PCT schedules: the seed bug for some seeds, never on the fixed kernel;
# deterministic; the fuzz_pct_* input form.
add_test(NAME explore_pct_seed
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/explore_pct.sh $<TARGET_FILE:cowfuzz>
                 ${CMAKE_BINARY_DIR}/harness/fuzz
                 ${CMAKE_CURRENT_LIST_DIR}/scenarios/trace-a.scn)
