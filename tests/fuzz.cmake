# Fuzzing (docs/fuzzing.md):
#  - fuzz_codec_random: 100,000 random byte strings decode, validate, run,
#    and are fixed points of encode/decode (also via the text form); the
#    mutation core is deterministic and stays within bounds
#  - fuzz_codec_roundtrip: text -> binary -> text exact on every shipped .scn
#    with a binary form
#  - fuzz_codec_legacy: old binary inputs decode as before the opcode escape
#  - fuzz_determinism: same input and profile twice (with and without the
#    interleaving counters) -> same class, steps and trace_hash
#  - fuzz_isolation: every input after a different one -> the same result
#  - fuzz_targets: a target per profile; empty input and "##SI" are harmless;
#    trace-a traps with the stale-whichfork crash function
#  - fuzz_afl_mutator: the AFL++ custom mutator .so loads and mutates
#  - fuzz_smoke: libFuzzer finds the seed bug on 7588cbeec6df-v5.5 and nothing
#    on c2f09217a430 in the same budget (skip 77 without the runtime)
#  - fuzz_cflite_build: .clusterfuzzlite/build.sh leaves targets, seed
#    corpora, dictionaries and options in $OUT
# Everything here runs in whatever build ctest runs (plain, sanitizer, or a
# libFuzzer engine build).


add_executable(test_fuzz_codec ${CMAKE_CURRENT_LIST_DIR}/test_fuzz_codec.c)
target_link_libraries(test_fuzz_codec PRIVATE cowfuzz_scenario cowfuzz_mutate ${CMAKE_DL_LIBS})

add_test(NAME fuzz_codec_random COMMAND test_fuzz_codec random 100000 1)

file(GLOB_RECURSE FUZZ_SHIPPED_SCN CONFIGURE_DEPENDS
     ${COWFUZZ_ROOT}/corpus/*.scn ${COWFUZZ_ROOT}/tests/scenarios/*.scn)
add_test(NAME fuzz_codec_roundtrip COMMAND test_fuzz_codec roundtrip ${FUZZ_SHIPPED_SCN})
# the edquot escape in the nomem fault bits, and the records it leaves alone
add_test(NAME fuzz_codec_edquot COMMAND ${CMAKE_CURRENT_LIST_DIR}/codec_edquot.sh $<TARGET_FILE:cowfuzz>)

# the binary inputs shipped before the extended opcodes still decode as then
add_test(NAME fuzz_codec_legacy COMMAND test_fuzz_codec legacy
         ${CMAKE_CURRENT_LIST_DIR}/fixtures/binary-decode.txt ${COWFUZZ_ROOT})

file(GLOB FUZZ_DET_INPUTS CONFIGURE_DEPENDS ${COWFUZZ_ROOT}/tests/scenarios/*.scn
     ${COWFUZZ_ROOT}/corpus/imported/fsx/*-000.bin)
add_test(NAME fuzz_determinism COMMAND test_fuzz_codec determinism ${FUZZ_DET_INPUTS})
# every input after a different one: the run reset leaves nothing behind
file(GLOB FUZZ_ISO_FINDINGS CONFIGURE_DEPENDS ${COWFUZZ_ROOT}/findings/*/minimized.scn)
add_test(NAME fuzz_isolation COMMAND test_fuzz_codec isolation ${FUZZ_DET_INPUTS}
         ${FUZZ_ISO_FINDINGS})

add_test(NAME fuzz_targets COMMAND ${CMAKE_CURRENT_LIST_DIR}/fuzz_target.sh ${CMAKE_BINARY_DIR})

if(TARGET afl_mutator)
  add_test(NAME fuzz_afl_mutator
           COMMAND test_fuzz_codec aflmut ${CMAKE_BINARY_DIR}/harness/fuzz/afl_mutator.so)
endif()

add_test(NAME fuzz_smoke
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/fuzz_smoke.sh ${COWFUZZ_ROOT} ${CMAKE_BINARY_DIR}
                 ${COWFUZZ_ENGINE})
set_tests_properties(fuzz_smoke PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

add_test(NAME fuzz_cflite_build
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/fuzz_cflite.sh ${COWFUZZ_ROOT} ${CMAKE_BINARY_DIR})
set_tests_properties(fuzz_cflite_build PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)

# inputs on which fuzzing the fixed profile once stopped: each must now
# run clean there (the "# expect:" line), so a regression shows up here
file(GLOB FUZZ_REPRO CONFIGURE_DEPENDS ${COWFUZZ_ROOT}/harness/fuzz/repro/*.scn)
foreach(scn ${FUZZ_REPRO})
  get_filename_component(name ${scn} NAME_WE)
  add_test(NAME fuzz_repro_${name}
           COMMAND ${COWFUZZ_ROOT}/tests/run_scenarios.sh $<TARGET_FILE:cowfuzz> ${scn})
endforeach()

# scripts/fuzz: bad arguments and a used work dir give one line and exit 2
add_test(NAME fuzz_script_args
         COMMAND ${COWFUZZ_ROOT}/tests/fuzz_script_args.sh ${COWFUZZ_ROOT})
