# Schedule search (docs/explore.md): `cowfuzz explore` finds the seed bug
# from trace A's operations alone and replays what it prints; nothing on
# the fixed kernel.
add_test(NAME explore_seed_trace_a
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/explore_seed.sh $<TARGET_FILE:cowfuzz>
                 ${CMAKE_CURRENT_LIST_DIR}/scenarios/trace-a.scn)
