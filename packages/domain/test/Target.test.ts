import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractTargets, Target } from "../src/index.ts";

const seed = (name: string): string[] =>
  readFileSync(new URL(`../../../seeds/${name}`, import.meta.url), "utf8").split("\n");
const SEEDS = {
  jilin: seed("000_c83e502a6d759c52.txt"),
  shanxi: seed("001_1bcf024aac55a25f.txt"),
  pingxiang: seed("002_84b7797c4af70c34.txt"),
  harbin: seed("003_d2b59fd790b2730b.txt"),
};

/** The one line of a seed containing `marker`. */
function line(lines: readonly string[], marker: string): string {
  const found = lines.filter((l) => l.includes(marker));
  expect(found, marker).toHaveLength(1);
  return found[0]!;
}

type Expected = Omit<Target, "span">;

/** Asserts the targets of `input`, in order; each span must point at the next occurrence of its text. */
function expectTargets(input: string, expected: readonly Expected[]): void {
  const got = extractTargets(input);
  expect(got.map(({ span: _span, ...rest }) => rest)).toEqual(expected);
  let from = 0;
  for (const t of got) {
    expect(t.span[0]).toBe(input.indexOf(t.text, from));
    expect(input.slice(t.span[0], t.span[1])).toBe(t.text);
    from = t.span[1];
  }
}

describe("extractTargets on the seeds", () => {
  describe("000 吉林省施工图", () => {
    it("增补不少于5种需要监控的药品", () => {
      expectTargets(line(SEEDS.jilin, "增补不少于5种"), [
        {
          comparator: "gte",
          value: 5,
          unit: "种",
          text: "不少于5种",
          subject: "需要监控的药品",
          period: "2019",
          region: "全省",
          population: "二级以上医疗机构",
        },
      ]);
    });

    it("确保签约服务率100%", () => {
      expectTargets(line(SEEDS.jilin, "确保签约服务率100%"), [
        {
          comparator: "eq",
          value: 100,
          unit: "%",
          text: "100%",
          subject: "签约服务率",
          population: "建档立卡贫困人口",
        },
      ]);
    });

    it("到2022年，实现全省县办中医医疗机构全覆盖", () => {
      expectTargets(line(SEEDS.jilin, "实现全省县办中医医疗机构全覆盖"), [
        {
          comparator: "eq",
          value: 100,
          unit: "%",
          text: "全覆盖",
          subject: "县办中医医疗机构",
          period: "2022",
          region: "全省",
        },
      ]);
    });

    it("逐步提升基本药物使用占比", () => {
      expectTargets(line(SEEDS.jilin, "逐步提升基本药物使用占比"), [
        { comparator: "increase", value: 0, unit: "", text: "逐步提升", subject: "基本药物使用占比" },
      ]);
    });

    it("reads no target from ages, counts in names, grades or dates", () => {
      for (const marker of ["优先覆盖65岁以上老年人", "加强16个国家级", "2020—2022年，各地要每年进行调价评估"]) {
        expect(extractTargets(line(SEEDS.jilin, marker)), marker).toEqual([]);
      }
    });
  });

  describe("001 山西省实施方案", () => {
    it("has no numeric target in the four monitoring indicators", () => {
      for (const marker of [
        "（一）公立医院医疗服务收入",
        "（二）公立医院人员支出",
        "（三）县域内住院就诊率",
        "（四）基层医疗卫生机构",
      ]) {
        expect(extractTargets(line(SEEDS.shanxi, marker)), marker).toEqual([]);
      }
      expect(extractTargets(line(SEEDS.shanxi, "确定以下四个重点监测指标"))).toEqual([]);
    });

    it("力争基本实现县办中医医疗机构全覆盖，力争实现全部社区卫生服务中心和乡镇卫生院设置中医馆", () => {
      expectTargets(line(SEEDS.shanxi, "县办中医医疗机构全覆盖"), [
        { comparator: "eq", value: 100, unit: "%", text: "全覆盖", subject: "县办中医医疗机构", period: "2022" },
        {
          comparator: "eq",
          value: 100,
          unit: "%",
          text: "实现全部",
          subject: "社区卫生服务中心和乡镇卫生院设置中医馆",
          period: "2022",
        },
      ]);
    });

    it("reads no target from task counts, '三医联动' or the annex", () => {
      for (const marker of ["改革试点25种药品", "“三医联动”主要涉及", "二级及以下公立医疗机构绩效考核办法"]) {
        expect(extractTargets(line(SEEDS.shanxi, marker)), marker).toEqual([]);
      }
    });
  });

  describe("002 萍乡市重点工作任务", () => {
    const text = SEEDS.pingxiang;

    it("11. 门急诊人次占比较上年增长", () => {
      expectTargets(line(text, "门急诊人次占比较上年增长"), [
        {
          comparator: "increase",
          value: 0,
          unit: "",
          text: "较上年增长",
          subject: "基层医疗卫生机构(含门诊部、社区卫生服务中心、社区卫生服务站、卫生院)门急诊人次占比",
          region: "各县(区)",
          population: "基层医疗卫生机构",
        },
      ]);
    });

    it("12. 签约服务覆盖率达到30%,重点人群达到60%", () => {
      expectTargets(line(text, "12.贯彻落实"), [
        { comparator: "eq", value: 30, unit: "%", text: "达到30%", subject: "签约服务覆盖率", period: "2017" },
        {
          comparator: "eq",
          value: 60,
          unit: "%",
          text: "达到60%",
          subject: "签约服务覆盖率",
          period: "2017",
          population: "重点人群",
        },
      ]);
    });

    it("13. 全市至少建成一个有明显成效的医疗联合体", () => {
      expectTargets(line(text, "13.全面启动"), [
        {
          comparator: "gte",
          value: 1,
          unit: "个",
          text: "至少建成一个",
          subject: "有明显成效的医疗联合体",
          region: "全市",
        },
      ]);
    });

    it("16. 继续组织15名左右县级公立医院骨干医师", () => {
      expectTargets(line(text, "16.深入实施"), [
        {
          comparator: "approx",
          value: 15,
          unit: "名",
          text: "15名左右",
          subject: "县级公立医院骨干医师",
          population: "县级公立医院",
        },
      ]);
    });

    it("20. 药占比降到30%左右, 卫生材料降到20元以下", () => {
      expectTargets(line(text, "20.持续推进"), [
        {
          comparator: "approx",
          value: 30,
          unit: "%",
          text: "降到30%左右",
          subject: "城市公立医院药占比(不含中药饮片)",
          period: "2017",
          population: "城市公立医院",
        },
        {
          comparator: "lt",
          value: 20,
          unit: "元",
          text: "降到20元以下",
          subject: "百元医疗收入(不含药品收入)中消耗的卫生材料",
          period: "2017",
          population: "城市公立医院",
        },
      ]);
    });

    it("23. 医疗服务收入占医疗收入的比例达到35%以上 (allocations 80%/20% are not targets)", () => {
      expectTargets(line(text, "23.落实好"), [
        {
          comparator: "gte",
          value: 35,
          unit: "%",
          text: "达到35%以上",
          subject: "公立医院诊疗费、护理费、手术费等医疗服务收入(不含药品、卫生材料、检查、化验收入)占医疗收入的比例",
          population: "公立医院",
        },
      ]);
    });

    it("26. 医疗费用平均增长幅度控制在10%以下 (not '10种典型单病种')", () => {
      expectTargets(line(text, "26.严格控制"), [
        {
          comparator: "lte",
          value: 10,
          unit: "%",
          text: "控制在10%以下",
          subject: "公立医院医疗费用平均增长幅度",
          period: "2017",
          region: "全市",
          population: "公立医院",
        },
      ]);
    });

    it("28. 新增30元,提高到450元", () => {
      const subject = "城乡居民基本医保人均财政补助标准";
      expectTargets(line(text, "28.城乡居民"), [
        { comparator: "increase", value: 30, unit: "元", text: "新增30元", subject, population: "城乡居民" },
        { comparator: "eq", value: 450, unit: "元", text: "提高到450元", subject, population: "城乡居民" },
      ]);
    });

    it("29. 按病种付费病种不少于100个", () => {
      expectTargets(line(text, "29.推进"), [
        { comparator: "gte", value: 100, unit: "个", text: "不少于100个", subject: "按病种付费病种", period: "2017" },
      ]);
    });

    it("32. 病例数达到出院病例数的30%以上", () => {
      expectTargets(line(text, "32.年内"), [
        {
          comparator: "gte",
          value: 30,
          unit: "%",
          text: "达到出院病例数的30%以上",
          subject: "城市公立医院实施临床路径管理的病例数",
          population: "城市公立医院",
        },
      ]);
    });

    it("37. '20项新增医疗康复项目' and '[2016]23号' are not targets", () => {
      expect(extractTargets(line(text, "37.贯彻落实"))).toEqual([]);
    });

    it("51. 招收培养100名左右…, 新增100名左右医师", () => {
      expectTargets(line(text, "51.加强全科医生培养"), [
        { comparator: "approx", value: 100, unit: "名", text: "100名左右", subject: "村卫生室订单定向医学生" },
        { comparator: "approx", value: 100, unit: "名", text: "新增100名左右", subject: "医师" },
      ]);
    });

    it("52. 补助标准提高到50元", () => {
      expectTargets(line(text, "52.人均"), [
        {
          comparator: "eq",
          value: 50,
          unit: "元",
          text: "提高到50元",
          subject: "人均基本公共卫生服务经费财政补助标准",
        },
      ]);
    });

    it("56. 力争新增1-2个 (a range: at least its lower bound)", () => {
      expectTargets(line(text, "56.加强"), [
        { comparator: "increase", value: 1, unit: "个", text: "新增1-2个", subject: "省市共建、省县共建医学学科" },
      ]);
    });

    it("annex goal rows", () => {
      expectTargets(line(text, "1全面启动多种形式的医联体建设试点"), [
        { comparator: "gte", value: 1, unit: "个", text: "至少建成一个", subject: "有明显成效的医联体" },
      ]);
      expectTargets(line(text, "2做实家庭医生签约服务"), [
        { comparator: "eq", value: 30, unit: "%", text: "达到30%", subject: "签约服务覆盖率" },
        {
          comparator: "gte",
          value: 60,
          unit: "%",
          text: "达到60%以上",
          subject: "签约服务覆盖率",
          population: "重点人群",
        },
      ]);
      // The flattened table glues the task column to the goal: the subject keeps the task's words.
      const [cases] = extractTargets(line(text, "3推行按病种"));
      expect(cases).toMatchObject({ comparator: "gte", value: 100, unit: "个", text: "达到100个以上" });
      expect(cases?.subject).toMatch(/实行按病种付费病种$/u);
      expectTargets(line(text, "5全面推进公立医院综合改革"), [
        {
          comparator: "lt",
          value: 10,
          unit: "%",
          text: "降到10%以下",
          subject: "公立医院医疗费用增长幅度",
          region: "全市",
          population: "公立医院",
        },
        // The remark: the province's control target for 2016, a ceiling.
        {
          comparator: "lte",
          value: 13.3,
          unit: "%",
          text: "为13.3%",
          subject: "医疗费用控制增幅",
          period: "2016",
          region: "我市",
        },
      ]);
      for (const marker of [
        "10月底前,全市所有公立医疗机构全部实行",
        "年底前,完成基本医保的全国联网",
        "“两票制”实施措施",
      ]) {
        expect(extractTargets(line(text, marker)), marker).toEqual([]);
      }
    });
  });

  describe("003 哈尔滨市城市公立医院综合改革", () => {
    const text = SEEDS.harbin;

    it("（四）工作目标", () => {
      expectTargets(line(text, "到2017年年底,初步建立"), [
        {
          comparator: "lte",
          value: 10,
          unit: "%",
          text: "控制在10%以内",
          subject: "医疗费用平均增长",
          period: "2017",
          region: "我市",
          population: "公立医院",
        },
        {
          comparator: "approx",
          value: 35,
          unit: "%",
          text: "增至35%左右",
          subject: "体现医务人员技术劳务价值的医疗服务收入占医疗收入比重",
          period: "2017",
          region: "我市",
          population: "公立医院",
        },
        {
          comparator: "increase",
          value: 0,
          unit: "",
          text: "逐步提升",
          subject: "患者和医务人员对城市公立医院改革的满意度",
          period: "2017",
          population: "城市公立医院",
        },
      ]);
    });

    it("1. allocations (补偿80%, 15%, 5%) are not targets", () => {
      expect(extractTargets(line(text, "1.破除“以药补医”机制"))).toEqual([]);
    });

    it("3. 全市实行按病种收费的病种不少于100个 (the 15% compensation basis is not a target)", () => {
      expectTargets(line(text, "按病种收费的病种不少于100个"), [
        {
          comparator: "gte",
          value: 100,
          unit: "个",
          text: "不少于100个",
          subject: "按病种收费的病种",
          period: "2017",
          region: "全市",
        },
      ]);
    });

    it("11. 平均增长幅度控制在10%以下", () => {
      expectTargets(line(text, "2017年全市公立医院医疗费用平均增长幅度控制在10%以下"), [
        {
          comparator: "lte",
          value: 10,
          unit: "%",
          text: "控制在10%以下",
          subject: "公立医院医疗费用平均增长幅度",
          period: "2017",
          region: "全市",
          population: "公立医院",
        },
      ]);
    });

    it("15. '稳步提高医务人员薪酬水平' is a direction, not a measurable target", () => {
      expect(extractTargets(line(text, "15.推进薪酬制度改革"))).toEqual([]);
    });

    it("17. 全市组建50个以上医疗联合体; 各区至少建立1家基层医疗集团", () => {
      expectTargets(line(text, "17.组建医疗联合体"), [
        {
          comparator: "gte",
          value: 50,
          unit: "个",
          text: "50个以上",
          subject: "医疗联合体",
          period: "2017",
          region: "全市",
        },
        {
          comparator: "gte",
          value: 1,
          unit: "家",
          text: "至少建立1家",
          subject: "基层医疗集团",
          period: "2017",
          region: "各区",
        },
      ]);
    });

    it("18. 签约服务覆盖率 30%以上, 重点人群 60%以上, 2020年全覆盖", () => {
      expectTargets(line(text, "18.推进家庭医生签约服务"), [
        { comparator: "gte", value: 30, unit: "%", text: "达到30%以上", subject: "医生签约服务覆盖率", period: "2017" },
        {
          comparator: "gte",
          value: 60,
          unit: "%",
          text: "达到60%以上",
          subject: "重点人群签约服务覆盖率",
          period: "2017",
          population: "重点人群",
        },
        { comparator: "eq", value: 100, unit: "%", text: "全覆盖", subject: "家庭医生签约服务制度", period: "2020" },
      ]);
    });

    it("21. 每千常住人口不低于1.5张床位; 特需服务比例不超过全部医疗服务的10%", () => {
      expectTargets(line(text, "21.发展和规范社会办医"), [
        {
          comparator: "gte",
          value: 1.5,
          unit: "张/千人",
          text: "每千常住人口不低于1.5张",
          subject: "床位",
          period: "2020",
        },
        {
          comparator: "lte",
          value: 10,
          unit: "%",
          text: "不超过全部医疗服务的10%",
          subject: "提供特需服务的比例",
          period: "2020",
          population: "公立医院",
        },
      ]);
    });

    it("reads no target from the document number or dates", () => {
      expect(extractTargets(line(text, "哈政办规〔2017〕28号"))).toEqual([]);
      expect(extractTargets(line(text, "自2017年8月1日起,全面推开"))).toEqual([]);
    });
  });
});

describe("extractTargets comparator forms", () => {
  const one = (input: string): Target => {
    const got = extractTargets(input);
    expect(got, input).toHaveLength(1);
    return got[0]!;
  };

  it.each([
    ["覆盖率达到30%以上", "gte", 30, "%", "达到30%以上"],
    ["覆盖率30%以上", "gte", 30, "%", "30%以上"],
    ["病种不少于100个", "gte", 100, "个", "不少于100个"],
    ["收入占比不低于25%", "gte", 25, "%", "不低于25%"],
    ["至少培训200人", "gte", 200, "人", "至少培训200人"],
    ["参保人数超过5万人", "gt", 5, "万人", "超过5万人"],
    ["收入高于40%", "gt", 40, "%", "高于40%"],
    ["比例大于50%", "gt", 50, "%", "大于50%"],
    ["增幅控制在10%以下", "lte", 10, "%", "控制在10%以下"],
    ["增幅控制在10%以内", "lte", 10, "%", "控制在10%以内"],
    ["增幅控制在10%", "lte", 10, "%", "控制在10%"],
    ["自付比例不超过30%", "lte", 30, "%", "不超过30%"],
    ["药占比不高于30%", "lte", 30, "%", "不高于30%"],
    ["卫生材料降到20元以下", "lt", 20, "元", "降到20元以下"],
    ["平均住院日低于9天", "lt", 9, "天", "低于9天"],
    ["候诊时间少于30次", "lt", 30, "次", "少于30次"],
    ["就诊率达到90%左右", "approx", 90, "%", "达到90%左右"],
    ["占比约40%", "approx", 40, "%", "约40%"],
    ["补助标准提高到450元", "eq", 450, "元", "提高到450元"],
    ["补助标准达到450元", "eq", 450, "元", "达到450元"],
    ["占比较上年增长", "increase", 0, "", "较上年增长"],
    ["收入较上年增长10%", "increase", 10, "%", "较上年增长10%"],
    ["人员支出占比逐年提高", "increase", 0, "", "逐年提高"],
    ["满意度有所提高", "increase", 0, "", "有所提高"],
    ["占比提高5个百分点", "increase", 5, "个百分点", "提高5个百分点"],
    ["基本实现签约服务全覆盖", "eq", 100, "%", "全覆盖"],
    ["覆盖率达到100%", "eq", 100, "%", "达到100%"],
    ["组建五十个以上医联体", "gte", 50, "个", "五十个以上"],
    ["覆盖率达到９０％以上", "gte", 90, "%", "达到９０％以上"],
    ["每千人口拥有执业医师达到2.5人", "eq", 2.5, "人", "达到2.5人"],
    ["床位数达到6张/千人", "eq", 6, "张/千人", "达到6张/千人"],
  ] as const)("%s", (input, comparator, value, unit, text) => {
    const t = one(input);
    expect(t).toMatchObject({ comparator, value, unit, text });
    expect(input.slice(t.span[0], t.span[1])).toBe(text);
  });

  it("reads ranges: lower bound, upper bound under a limit, midpoint under 左右", () => {
    expect(one("就诊率达到90%-95%")).toMatchObject({ comparator: "eq", value: 90, text: "达到90%-95%" });
    expect(one("就诊率90%-95%以上")).toMatchObject({ comparator: "gte", value: 90 });
    expect(one("增幅控制在10%-12%")).toMatchObject({ comparator: "lte", value: 12 });
    expect(one("占比30～40%左右")).toMatchObject({ comparator: "approx", value: 35 });
  });

  it("takes the subject, period, region and population around the phrase", () => {
    expect(one("到2020年,全省县域内就诊率达到90%左右")).toMatchObject({
      subject: "县域内就诊率",
      period: "2020",
      region: "全省",
    });
    expect(one("2017年年底前,各县(区)重点人群签约率达到60%")).toMatchObject({
      subject: "重点人群签约率",
      period: "2017",
      region: "各县(区)",
      population: "重点人群",
    });
    expect(one("2020—2022年,每年门诊量增长10%")).toMatchObject({ period: "2020-2022", comparator: "increase" });
  });

  it("skips numbers that are not targets", () => {
    for (const input of [
      "2017年10月底前完成",
      "晋医改组发〔2019〕1号",
      "萍府办发[2017]38号",
      "1.加强组织领导",
      "推进“三医联动”改革",
      "确定4项指标",
      "通过调整医疗服务价格补偿80%",
      "优先覆盖65岁以上老年人",
      "二级以上公立医院",
      "自2017年9月1日起",
      "百元医疗收入",
      "第三个五年计划",
      "逐步提高服务质量",
      "公立医院全部取消药品加成",
    ]) {
      expect(extractTargets(input), input).toEqual([]);
    }
  });

  it("keeps the original text when the input has full-width characters", () => {
    const input = "到２０２０年，签约率达到６０％以上。";
    const [t] = extractTargets(input);
    expect(t).toMatchObject({ comparator: "gte", value: 60, unit: "%", text: "达到６０％以上", period: "2020" });
  });

  it("never throws and returns schema-valid targets whose text is the input at their span", () => {
    const pieces = [
      "达到",
      "以上",
      "以下",
      "左右",
      "不少于",
      "至少",
      "控制在",
      "降到",
      "提高到",
      "较上年增长",
      "全覆盖",
      "实现全部",
      "30",
      "１０",
      "五十",
      "1.5",
      "-",
      "～",
      "%",
      "％",
      "个",
      "元",
      "张",
      "/千人",
      "每千人口",
      "万人",
      "个百分点",
      "年",
      "2017年",
      "全市",
      "各县(区)",
      "重点人群",
      "公立医院",
      "(",
      ")",
      "（",
      "）",
      ",",
      "，",
      "。",
      ";",
      "\n",
      "\t",
      "的",
      "率",
      "为",
      "控制",
      "组建",
      " ",
      "\u00a0",
      "\u3000",
    ];
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((xs) => xs.join("")),
    );
    fc.assert(
      fc.property(text, (input) => {
        for (const t of extractTargets(input)) {
          expect(Target.safeParse(t).success).toBe(true);
          expect(input.slice(t.span[0], t.span[1])).toBe(t.text);
          expect(t.text.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("extractTargets: counts without a comparator word, amounts in 万", () => {
  const read = (text: string) => extractTargets(text).map((t) => [t.comparator, t.value, t.unit, t.subject]);
  it("reads counts after an action verb and the counts listed after it", () => {
    expect(read("建设1000套专家公寓和10000套人才公寓。")).toEqual([
      ["eq", 1000, "套", "专家公寓"],
      ["eq", 10000, "套", "人才公寓"],
    ]);
    expect(read("引进200名学科带头人、2000名骨干医师和10000名青年医师。")).toEqual([
      ["eq", 200, "名", "学科带头人"],
      ["eq", 2000, "名", "骨干医师"],
      ["eq", 10000, "名", "青年医师"],
    ]);
  });
  it("reads amounts in 万 with their unit", () => {
    expect(read("培训1万名左右。")).toEqual([["approx", 1, "万名", undefined]]);
    expect(read("技能人才总量达到320万名左右。")).toEqual([["approx", 320, "万名", "技能人才总量"]]);
  });
  it("still takes no bare count without a verb or a list as a target", () => {
    expect(read("开展16个国家级试点")).toEqual([]);
    expect(read("其中包括16个国家级试点和3个省级试点")).toEqual([]);
  });
});
