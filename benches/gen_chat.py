#!/usr/bin/env python3
"""A deterministic WeChat group chat export in the CSV layout common export tools write:

    python3 benches/gen_chat.py MESSAGES OUT.csv [--seed 7]

`localId, TalkerId, Type, SubType, IsSender, CreateTime, Status, StrContent, StrTime, Remark,
NickName, Sender`: one group over a year (2025-01-01 … 2025-12-31, Asia/Shanghai), 800 people
with nicknames (a few share one), mostly text (some images, stickers, links and mini-program
cards), check-in messages, and system messages (Type 10000) for joins and removals. The same
arguments give the same bytes.
"""
import argparse
import csv
import itertools
import random

START = 1735660800  # 2025-01-01 00:00 Asia/Shanghai
DAYS = 365
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "小伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
PHRASES = [
    "今天的可颂还有吗", "全麦吐司几点出炉", "周末的烘焙课还能报名吗", "谢谢店长，蛋糕很好吃",
    "请问可以预订生日蛋糕吗", "酸种面包太香了", "明天早上想要两个贝果", "新品什么时候上",
    "Good morning! Any croissants left?", "The sourdough was amazing", "See you on Saturday",
    "有没有无糖的面包", "孩子很喜欢肉松小贝", "今天排队的人好多", "会员日有什么活动",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("messages", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    people = []
    for i in range(800):
        nick = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + ("" if i % 97 else rnd.choice(GIVEN))
        people.append((f"wxid_{i:05d}{rnd.randrange(10**6):06d}", nick))
    # Chatty people speak more: a Zipf-like weight.
    cum = list(itertools.accumulate(1.0 / (1 + i) ** 0.8 for i in range(len(people))))
    per_day = args.messages / DAYS
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status",
                    "StrContent", "StrTime", "Remark", "NickName", "Sender"])
        local = 0
        for n in range(args.messages):
            local += 1
            t = START + int(n / per_day * 86400) + rnd.randrange(60)
            stamp = ""
            if n % 250 == 0:
                who = rnd.choice(people)[1]
                by = people[0][1]
                text = f'"{by}"邀请"{who}"加入了群聊' if n % 1000 else f'"{by}"将"{who}"移出了群聊'
                w.writerow([local, "1234567@chatroom", 10000, 0, 0, t, 2, text, stamp, "", "", ""])
                continue
            wxid, nick = rnd.choices(people, cum_weights=cum)[0]
            r = rnd.random()
            kind, sub, text = 1, 0, rnd.choice(PHRASES) + (f" {rnd.randrange(100)}" if r < 0.5 else "")
            if r < 0.05:
                kind, text = 3, '<img src="image.jpg"/>'
            elif r < 0.08:
                kind, text = 47, "[sticker]"
            elif r < 0.085:
                kind, sub, text = 49, 5, "<msg><appmsg><title>优惠</title><url>https://example.com/x</url></appmsg></msg>"
            elif r < 0.087:
                kind, sub, text = 49, 33, "<msg><appmsg><title>小程序</title></appmsg></msg>"
            elif r < 0.15:
                text = f"打卡第{rnd.randrange(1, 30)}天"
            own = 1 if wxid == people[0][0] else 0
            w.writerow([local, "1234567@chatroom", kind, sub, own, t, 2, text, stamp, "", nick, wxid])


if __name__ == "__main__":
    main()
