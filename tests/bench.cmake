# scripts/bench's inputs (docs/fuzzing.md "Dictionary"):
#  - fuzz_dict_tokens: corpus/cowfuzz.dict holds tokens, not reproducers: no
#    token (or pair of neighbouring tokens) holds two consecutive records of
#    a findings/ reproducer.
add_test(NAME fuzz_dict_tokens
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/dict_check.py $<TARGET_FILE:cowfuzz>
                 ${PROJECT_SOURCE_DIR}/corpus/cowfuzz.dict ${PROJECT_SOURCE_DIR}/findings)
